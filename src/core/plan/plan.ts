/** Reading `plan-file`: the dry run's report, checked whole before any request and read back as a plan. */
import { createHash } from 'node:crypto';
import { InputError } from '../common/errors.ts';
import { resolvePath, type Files, type Places } from '../settings/files.ts';
import { bindPlan } from './plan-binding.ts';
import { plannedCriteria } from './plan-criteria.ts';
import { checkCounts, checkDates, checkFinishedDryRun } from './plan-header.ts';
import { plannedItems } from './plan-items.ts';
import { parseReport, readPlanBytes } from './plan-report.ts';
import { PlanSealer } from './plan-seal.ts';
import type { Plan, PlanChecks } from './plan-types.ts';
import { quote } from '../settings/values.ts';

/**
 * Reads `plan-file` and checks, before any request, everything a file can be checked for: that it
 * is the reviewed one (`plan-sha256`), a report of this version that follows report.schema.json,
 * the report of a dry run that ended normally and listed every match, sealed by this token's key
 * with nothing added or changed since (or pinned by `plan-sha256`), not older than
 * `plan-max-age`, naming each item once and no more items than `max-deletions`, with criteria
 * that agree with each other. Throws InputError saying what is wrong and what to do.
 */
export function readPlan(file: string, places: Places, files: Files, checks: PlanChecks): Plan {
  const path = resolvePath(file, places);
  const named = `plan-file ${quote(file)}`;
  const bytes = readPlanBytes(named, path, files);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (checks.sha256 !== undefined && checks.sha256 !== sha256) {
    throw new InputError(
      `${named} has SHA-256 ${sha256}, not the plan-sha256 given (${checks.sha256}): it is not the plan that was reviewed; apply the file the plan's run wrote, or make a new plan`,
    );
  }
  const report = parseReport(named, bytes, checks.secret);
  checkFinishedDryRun(named, report);
  const { uploads, tracks } = plannedItems(named, report.items);
  const bound = bindPlan(named, report, checks.sha256 !== undefined, new PlanSealer(checks.token));
  // A sealed plan's counts may still be those of its dry run: items were taken out, and not counted.
  if (bound.binding === 'sha256') checkCounts(named, report);
  const madeAt = checkDates(named, report, checks);
  const total = uploads.length + tracks.length;
  if (total > checks.maxDeletions) {
    throw new InputError(
      `${named} holds ${total} item(s), more than max-deletions (${checks.maxDeletions}): nothing was deleted; set ${checks.wording.setting('max-deletions', String(total))} to apply it`,
    );
  }
  return {
    file,
    path,
    sha256,
    madeAt,
    environment: report.environment,
    scope: report.settings.scope,
    criteria: plannedCriteria(named, report.settings.criteria, checks.now),
    uploads,
    tracks,
    ...bound,
  };
}
