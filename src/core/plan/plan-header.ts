/** Checks of a plan's header: a dry run that finished and listed every match, its dates, age and counts. */
import { InputError } from '../common/errors.ts';
import { quote } from '../settings/values.ts';
import { MAKE_A_PLAN, type ReportDocument } from './plan-report.ts';
import type { PlanChecks } from './plan-types.ts';

/** A plan made this far in the future is refused: a clock is wrong, or the file was edited. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
/** How a report writes its dates: `Date.toISOString()`. */
const REPORT_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The report is a plan: that of a dry run that ended normally and listed every upload that matched. */
export function checkFinishedDryRun(named: string, report: ReportDocument): void {
  if (!report.dryRun) {
    throw new InputError(
      `${named} is the report of a run that deleted (dry-run was false), not a plan: ${MAKE_A_PLAN}`,
    );
  }
  if (report.outcome !== 'dry-run') {
    throw new InputError(
      `${named} is the report of a dry run that did not finish (outcome ${report.outcome}${report.error === null ? '' : `: ${quote(report.error)}`}): make the plan again`,
    );
  }
  if (report.counts.unlisted > 0) {
    throw new InputError(
      `${named} is a partial plan: ${report.counts.unlisted} more upload(s) matched than max-deletions let its dry run list, and a real run would have stopped; make the plan again with a higher max-deletions, or narrower criteria`,
    );
  }
}

/**
 * When the plan was made (its `startedAt`), refused when it is not a date as a report writes it,
 * lies in the future, or is older than `plan-max-age`; its `endedAt` must be a date after it.
 */
export function checkDates(named: string, report: ReportDocument, checks: PlanChecks): Date {
  const madeAt = new Date(report.startedAt);
  checkAge(named, madeAt, report.startedAt, checks);
  if (!REPORT_DATE.test(report.endedAt) || !(Date.parse(report.endedAt) >= madeAt.getTime())) {
    throw new InputError(
      `${named} has an endedAt that is not a date after its startedAt: it was edited or damaged; make a new plan`,
    );
  }
  return madeAt;
}

function checkAge(named: string, madeAt: Date, written: string, checks: PlanChecks): void {
  const made = madeAt.getTime();
  if (!REPORT_DATE.test(written) || !Number.isFinite(made) || madeAt.toISOString() !== written) {
    throw new InputError(`${named} has a startedAt that is not a date: it was edited or damaged; make a new plan`);
  }
  const age = checks.now.getTime() - made;
  if (age < -CLOCK_SKEW_MS) {
    throw new InputError(
      `${named} was made at ${madeAt.toISOString()}, later than now (${checks.now.toISOString()}): a clock is wrong or the file was edited; make a new plan`,
    );
  }
  if (age > checks.maxAgeMs) {
    throw new InputError(
      `${named} was made at ${madeAt.toISOString()}, ${describeAge(age)} ago, more than plan-max-age (${checks.maxAge}): the library may have changed too much since; make a new plan and have it reviewed, or raise plan-max-age`,
    );
  }
}

function describeAge(ms: number): string {
  const hours = ms / 3_600_000;
  return hours < 48 ? `${hours.toFixed(1)} hours` : `${(hours / 24).toFixed(1)} days`;
}

/** The counts a report gives follow from its items: counts that do not were edited (or the items were). */
export function checkCounts(named: string, report: ReportDocument): void {
  const { counts, items } = report;
  const fates = new Map<string, number>();
  for (const item of items) fates.set(item.fate, (fates.get(item.fate) ?? 0) + 1);
  const ofKind = (kind: string) => items.filter((item) => item.kind === kind).length;
  const agree =
    counts.selected === items.length + counts.unlisted &&
    counts.uploads.selected === ofKind('upload') + counts.unlisted &&
    counts.tracks.selected === ofKind('track') &&
    counts.skipped === (fates.get('skipped') ?? 0) &&
    counts.successful === 0 &&
    counts.failed === 0 &&
    counts.unnamedFailed === 0 &&
    report.jobs.length === 0 &&
    Object.entries(counts.fates).every(([fate, count]) => count === (fates.get(fate) ?? 0));
  if (!agree) {
    throw new InputError(`${named} has counts that disagree with its items: it was edited; make a new plan`);
  }
}
