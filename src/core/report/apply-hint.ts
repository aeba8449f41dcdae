import type { CleanupResult } from '../result/result.ts';
import { DEFAULT_BASE_URL, DEFAULT_MAX_DELETIONS, type Settings } from '../settings/settings.ts';
import type { Wording } from '../settings/wording.ts';

/**
 * What a dry run tells about applying its report: the inputs of the apply that runs as printed,
 * or why there is no such apply (its plan is partial, or holds more than max-deletions allows).
 */
export type ApplyHint =
  | {
      readonly kind: 'apply';
      /** The plan to apply: this run's report, or, for a dry run of an apply, the plan it re-checked. */
      readonly planFile: string;
      readonly planSha256: string;
      /** Whether the plan is this run's own report (false: the plan a dry run of an apply re-checked). */
      readonly ownReport: boolean;
      /** The other inputs the apply needs to run as this dry run did, by name, in order. */
      readonly inputs: readonly (readonly [string, string])[];
    }
  | { readonly kind: 'not-whole'; readonly message: string };

/** How the dry run ended, and where its report went. */
export interface DryRunEnd {
  readonly failed: boolean;
  /** The report's path and SHA-256; undefined when it was not written. */
  readonly reportFile: string | undefined;
  readonly reportSha256: string | undefined;
}

/** The hint of a dry run that ended normally with its report written; undefined otherwise. */
export function applyHint(
  settings: Pick<Settings, 'environment' | 'maxDeletions' | 'baseUrl'>,
  result: CleanupResult,
  end: DryRunEnd,
  wording: Wording,
): ApplyHint | undefined {
  if (!result.dryRun || end.failed || end.reportFile === undefined || end.reportSha256 === undefined) return undefined;
  if (result.selected > settings.maxDeletions)
    return { kind: 'not-whole', message: notWhole(settings, result, wording) };
  const inputs: [string, string][] = [];
  if (settings.environment !== undefined) inputs.push(['environment', settings.environment]);
  if (settings.maxDeletions !== DEFAULT_MAX_DELETIONS) inputs.push(['max-deletions', String(settings.maxDeletions)]);
  if (settings.baseUrl !== DEFAULT_BASE_URL) inputs.push(['base-url', settings.baseUrl]);
  // A dry run of an apply: applying its own report would give the apply's default report the plan's name.
  const plan = result.plan;
  return plan === undefined
    ? { kind: 'apply', planFile: end.reportFile, planSha256: end.reportSha256, ownReport: true, inputs }
    : { kind: 'apply', planFile: plan.path, planSha256: plan.sha256, ownReport: false, inputs };
}

/**
 * More matched than max-deletions: a real run would stop, and a plan that lists only part of the
 * matches is refused. Says both numbers, and how to make a whole plan.
 */
function notWhole(settings: Pick<Settings, 'maxDeletions'>, result: CleanupResult, wording: Wording): string {
  const unlisted = result.selection?.unlisted ?? 0;
  const matched = result.selected.toLocaleString('en-US');
  const listed =
    unlisted > 0
      ? `it lists only ${(result.selected - unlisted).toLocaleString('en-US')} of them, and is refused as a partial plan`
      : 'a real run with these settings would stop before deleting anything';
  return `This dry run's report is not a whole plan: ${matched} uploads and tracks matched, more than max-deletions (${settings.maxDeletions.toLocaleString('en-US')}), so ${listed}; to make a whole plan, run the dry run again with ${wording.setting('max-deletions', String(result.selected))} (or more), or with narrower criteria.`;
}
