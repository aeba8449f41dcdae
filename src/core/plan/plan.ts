import { createHash } from 'node:crypto';
import { parseCriteria, type Criteria } from '../criteria/criteria.ts';
import { type FilterValue } from '../criteria/filter.ts';
import { InputError } from '../common/errors.ts';
import { isRecord } from '../common/guards.ts';
import { duplicateKey } from '../common/json-keys.ts';
import { roundedNumber } from '../common/json-numbers.ts';
import { readBoundedFile, resolvePath, type Files, type Places } from '../settings/list-file.ts';
import { bindPlan, type PlanBinding, type SealedReport } from './plan-binding.ts';
import { PlanSealer } from './plan-seal.ts';
import { validate } from '../report/report-check.generated.ts';
import { REPORT_SCHEMA_VERSION } from '../report/report-version.ts';
import { type TrackRef } from '../settings/settings.ts';
import { isTrackId } from '../settings/item-ids.ts';
import { quote } from '../settings/values.ts';
import type { Wording } from '../settings/wording.ts';

/** One upload of a plan, with what the plan's listing showed of its file. */
export interface PlannedUpload {
  readonly id: string;
  /** `md5` as listed when the plan was made; null when the listing gave none. */
  readonly md5: string | null;
  /** `size` as listed; null when the upload was not found or its size was not given. */
  readonly size: number | null;
}

/** The environment a plan was made in, as its report names it. */
export interface PlannedEnvironment {
  readonly id: string | null;
  readonly primary: boolean | null;
  readonly confirmed: boolean;
  readonly requested: string | null;
}

/** A dry run's report, read back as what an apply may delete, and nothing more. */
export interface Plan {
  /** `plan-file` as given, and resolved. */
  readonly file: string;
  readonly path: string;
  /** SHA-256 (hex) of the file as read. */
  readonly sha256: string;
  /** Its `startedAt`. */
  readonly madeAt: Date;
  readonly environment: PlannedEnvironment;
  readonly scope: 'ids' | 'library';
  /** The plan's criteria, rebuilt and checked as the inputs' are; `older-than` is absolute. */
  readonly criteria: Criteria;
  /** Its items of fate `selected`, in its order. */
  readonly uploads: readonly PlannedUpload[];
  readonly tracks: readonly TrackRef[];
  /** What holds it to what was reviewed: its seal, `plan-sha256`, or both. */
  readonly binding: PlanBinding;
  /** Items its dry run sealed that were taken out of the file since: not deleted. */
  readonly removed: number;
  /** What the run should warn of, e.g. a plan sealed with another token, bound by its SHA-256 alone. */
  readonly warnings: readonly string[];
}

/** What checking a plan needs besides the file. */
export interface PlanChecks {
  /** `plan-sha256`, lowercase; undefined when not given. */
  readonly sha256: string | undefined;
  /** `plan-max-age` in ms, and as written. */
  readonly maxAgeMs: number;
  readonly maxAge: string;
  readonly maxDeletions: number;
  readonly now: Date;
  readonly wording: Wording;
  /** Text no plan holds (a report never does): the API token. Never quoted. */
  readonly secret?: string | undefined;
  /** The API token, whose key checks the plan's seal. */
  readonly token: string;
}

/** A plan file larger than this is refused unread: a 100,000-item plan is about 40 MB. */
const MAX_PLAN_BYTES = 256 * 1024 * 1024;
/** A plan made this far in the future is refused: a clock is wrong, or the file was edited. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
const MAKE_A_PLAN = 'make the plan with a dry run (dry-run and report-file) and apply the report it writes';

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
  const bytes = readBoundedFile(named, path, files, {
    maxBytes: MAX_PLAN_BYTES,
    missing: "give the report a dry run wrote, e.g. the plan job's artifact",
    notAFile: "give the path of the plan's JSON report",
    tooLarge: `${named} is more than ${MAX_PLAN_BYTES / 1024 / 1024} MiB, more than any plan: check the path`,
  });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (checks.sha256 !== undefined && checks.sha256 !== sha256) {
    throw new InputError(
      `${named} has SHA-256 ${sha256}, not the plan-sha256 given (${checks.sha256}): it is not the plan that was reviewed; apply the file the plan's run wrote, or make a new plan`,
    );
  }
  const report = parseReport(named, bytes, checks.secret);
  const { uploads, tracks } = plannedItems(named, report.items);
  const bound = bindPlan(named, report, checks.sha256 !== undefined, new PlanSealer(checks.token));
  // A sealed plan's counts may still be those of its dry run: items were taken out, and not counted.
  if (bound.binding === 'sha256') checkCounts(named, report);
  const madeAt = new Date(report.startedAt);
  checkAge(named, madeAt, report.startedAt, checks);
  if (!REPORT_DATE.test(report.endedAt) || !(Date.parse(report.endedAt) >= madeAt.getTime())) {
    throw new InputError(
      `${named} has an endedAt that is not a date after its startedAt: it was edited or damaged; make a new plan`,
    );
  }
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

/** What the plan reads of a report (report.schema.json, which it is checked against, has it all). */
interface ReportDocument extends SealedReport {
  readonly schemaVersion: number;
  readonly startedAt: string;
  readonly dryRun: boolean;
  readonly outcome: string;
  readonly error: string | null;
  readonly environment: PlannedEnvironment;
  readonly settings: { readonly scope: 'ids' | 'library'; readonly criteria: ReportCriteria };
  readonly counts: ReportCounts;
  readonly jobs: readonly unknown[];
  readonly endedAt: string;
}

interface ReportCounts {
  readonly selected: number;
  readonly successful: number;
  readonly failed: number;
  readonly unnamedFailed: number;
  readonly skipped: number;
  readonly unlisted: number;
  readonly uploads: { readonly selected: number };
  readonly tracks: { readonly selected: number };
  readonly fates: Readonly<Record<string, number>>;
}

interface ReportCriteria {
  readonly conditions: readonly { readonly field: string; readonly op: string; readonly value: FilterValue }[];
  readonly filter: Readonly<Record<string, Readonly<Record<string, FilterValue>>>> | null;
  readonly onlyUnused: boolean;
  readonly olderThan: { readonly input: string; readonly before: string } | null;
  readonly query: string | null;
}

/** An item as the plan reads it: what its seal covers (see plan-binding.ts). */
type ReportItem = SealedReport['items'][number];

function parseReport(named: string, bytes: Uint8Array, secret: string | undefined): ReportDocument {
  let parsed: unknown;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    parsed = JSON.parse(text);
  } catch {
    throw new InputError(`${named} is not JSON: it is not a report; ${MAKE_A_PLAN}`);
  }
  if (secret !== undefined && secret !== '' && (text.includes(secret) || holdsText(parsed, secret))) {
    throw new InputError(
      `${named} holds the API token (not shown), which no report does: it was edited, or it is not a plan; make a new plan`,
    );
  }
  const rounded = roundedNumber(text);
  if (rounded !== undefined) {
    throw new InputError(
      `${named} holds the number ${rounded.written.slice(0, 40)}, which JSON reads as ${String(rounded.read)} (it cannot be read exactly) and no report writes: the plan was edited; make a new plan`,
    );
  }
  if (isRecord(parsed) && parsed.kind === 'restore') {
    throw new InputError(
      `${named} is the report of a restore, not a plan: a plan is the report of a dry run; ${MAKE_A_PLAN}`,
    );
  }
  if (!isRecord(parsed) || !('items' in parsed) || !('schemaVersion' in parsed)) {
    throw new InputError(`${named} is not a report of datocms-media-cleanup: ${MAKE_A_PLAN}`);
  }
  if (parsed.schemaVersion !== REPORT_SCHEMA_VERSION) {
    throw new InputError(
      `${named} is a report of schemaVersion ${quote(String(parsed.schemaVersion))}, and this version applies plans of schemaVersion ${REPORT_SCHEMA_VERSION}: make the plan again with this version`,
    );
  }
  if (!validate(parsed)) {
    const [first] = (validate as unknown as { errors?: { instancePath: string; message?: string }[] }).errors ?? [];
    const where = first === undefined ? '' : ` (${first.instancePath || 'the top level'} ${first.message ?? ''})`;
    throw new InputError(
      `${named} does not follow report.schema.json${where}: it was edited or damaged; make a new plan`,
    );
  }
  const repeated = duplicateKey(text);
  if (repeated !== undefined) {
    throw new InputError(
      `${named} names the key ${quote(repeated)} twice in one object, which no report does (JSON keeps only the last): it was edited; make a new plan`,
    );
  }
  const report = parsed as unknown as ReportDocument;
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
  return report;
}

/** Whether a string of `value` (a key or a value, at any depth, escapes decoded) holds `text`. */
function holdsText(value: unknown, text: string): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (next.includes(text)) return true;
    } else if (Array.isArray(next)) {
      pending.push(...(next as unknown[]));
    } else if (isRecord(next)) {
      for (const [key, inner] of Object.entries(next)) {
        if (key.includes(text)) return true;
        pending.push(inner);
      }
    }
  }
  return false;
}

/** How a report writes its dates: `Date.toISOString()`. */
const REPORT_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

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

/** The counts a report gives follow from its items: counts that do not were edited (or the items were). */
function checkCounts(named: string, report: ReportDocument): void {
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

function describeAge(ms: number): string {
  const hours = ms / 3_600_000;
  return hours < 48 ? `${hours.toFixed(1)} hours` : `${(hours / 24).toFixed(1)} days`;
}

/** The items of fate `selected`, each once; a plan's other items (skipped by an earlier apply) are not in it. */
function plannedItems(named: string, items: readonly ReportItem[]): { uploads: PlannedUpload[]; tracks: TrackRef[] } {
  const uploads: PlannedUpload[] = [];
  const tracks: TrackRef[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const key = `${item.kind}:${item.id}`;
    if (seen.has(key)) {
      throw new InputError(`${named} names the ${item.kind} ${quote(item.id)} twice: it was edited; make a new plan`);
    }
    seen.add(key);
    if (item.fate === 'skipped') continue;
    if (item.fate !== 'selected') {
      throw new InputError(
        `${named} holds the ${item.kind} ${quote(item.id)} with fate ${item.fate}, which no dry run writes: it was edited; make a new plan`,
      );
    }
    if (item.kind === 'upload') {
      uploads.push({ id: item.id, md5: item.listed?.md5 ?? null, size: item.listed?.size ?? null });
      continue;
    }
    if (item.id !== `${item.uploadId}/${item.trackId}`) {
      throw new InputError(
        `${named} holds a track ${quote(item.id)} whose uploadId and trackId (${quote(`${item.uploadId}/${item.trackId}`)}) are not its ID: it was edited; make a new plan`,
      );
    }
    if (!isTrackId(item.trackId) || !/^[A-Za-z0-9_-]{1,64}$/.test(item.uploadId)) {
      throw new InputError(
        `${named} holds a track ${quote(item.id)} that is not UPLOAD_ID/TRACK_ID: it was edited; make a new plan`,
      );
    }
    tracks.push({ uploadId: item.uploadId, trackId: item.trackId });
  }
  return { uploads, tracks };
}

/**
 * The plan's criteria, rebuilt from its filter, only-unused, older-than cut-off and query exactly
 * as inputs are read (so the same names and values are refused), then held to the conditions the
 * plan's listing sent: a plan whose parts disagree was edited.
 */
function plannedCriteria(named: string, criteria: ReportCriteria, now: Date): Criteria {
  let rebuilt: Criteria;
  try {
    rebuilt = parseCriteria(
      {
        filter: criteria.filter === null ? '' : JSON.stringify(criteria.filter),
        query: criteria.query ?? '',
        onlyUnused: criteria.onlyUnused,
        olderThan: criteria.olderThan?.before ?? '',
      },
      now,
    );
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(`${named} has criteria this version refuses (${error.message}): make a new plan`);
  }
  const sent = JSON.stringify(criteria.conditions.map(({ field, op, value }) => [field, op, value]));
  const agreed = JSON.stringify(rebuilt.conditions.map(({ field, op, value }) => [field, op, value]));
  if (sent !== agreed || (criteria.query ?? undefined) !== rebuilt.query) {
    throw new InputError(
      `${named} has criteria whose parts disagree (conditions against filter, only-unused and older-than): it was edited; make a new plan`,
    );
  }
  const olderThan =
    criteria.olderThan === null ? undefined : { input: criteria.olderThan.input, before: criteria.olderThan.before };
  const described =
    olderThan === undefined
      ? rebuilt.described
      : rebuilt.described.map((line) => line.replace(`(older than ${olderThan.before})`, "(the plan's cut-off)"));
  return { ...rebuilt, olderThan, described };
}
