/** A plan's file read back as a report: read bounded, decoded, parsed, and held to report.schema.json. */
import type { FilterValue } from '../criteria/filter.ts';
import { InputError } from '../common/errors.ts';
import { isRecord } from '../common/guards.ts';
import { duplicateKey } from '../common/json-keys.ts';
import { roundedNumber } from '../common/json-numbers.ts';
import { readBoundedFile } from '../settings/bounded-file.ts';
import { type Files } from '../settings/files.ts';
import type { SealedReport } from './plan-binding.ts';
import type { PlannedEnvironment } from './plan-types.ts';
import { validate } from '../report/report-check.generated.ts';
import { REPORT_SCHEMA_VERSION } from '../report/report-version.ts';
import { quote } from '../settings/values.ts';

/** A plan file larger than this is refused unread: a 100,000-item plan is about 40 MB. */
const MAX_PLAN_BYTES = 256 * 1024 * 1024;
export const MAKE_A_PLAN = 'make the plan with a dry run (dry-run and report-file) and apply the report it writes';

/** What the plan reads of a report (report.schema.json, which it is checked against, has it all). */
export interface ReportDocument extends SealedReport {
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

export interface ReportCriteria {
  readonly conditions: readonly { readonly field: string; readonly op: string; readonly value: FilterValue }[];
  readonly filter: Readonly<Record<string, Readonly<Record<string, FilterValue>>>> | null;
  readonly onlyUnused: boolean;
  readonly olderThan: { readonly input: string; readonly before: string } | null;
  readonly query: string | null;
  /** Absent from plans made before confirm-unused existed. */
  readonly confirmUnused?: boolean;
}

/** The bytes of the plan file at `path` (`named` is how messages name it), refused unread if larger than any plan. */
export function readPlanBytes(named: string, path: string, files: Files): Uint8Array {
  return readBoundedFile(named, path, files, {
    maxBytes: MAX_PLAN_BYTES,
    missing: "give the report a dry run wrote, e.g. the plan job's artifact",
    notAFile: "give the path of the plan's JSON report",
    tooLarge: `${named} is more than ${MAX_PLAN_BYTES / 1024 / 1024} MiB, more than any plan: check the path`,
  });
}

/**
 * The report the plan file holds: JSON without the API token or a number JSON cannot read
 * exactly, a report of this kind and schemaVersion that follows report.schema.json, with no key
 * twice in one object. Its header is checked apart (plan-header.ts).
 */
export function parseReport(named: string, bytes: Uint8Array, secret: string | undefined): ReportDocument {
  const { text, parsed } = parseJson(named, bytes, secret);
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
  return parsed as unknown as ReportDocument;
}

/** The file's text and its JSON, refused when it is not UTF-8 JSON, holds `secret`, or a number JSON rounds. */
function parseJson(named: string, bytes: Uint8Array, secret: string | undefined): { text: string; parsed: unknown } {
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
  return { text, parsed };
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
