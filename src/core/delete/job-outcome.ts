import type { JobResult } from '../cma/cma-client.ts';
import { isCount } from '../common/guards.ts';
import type { FailedItem, Settled } from '../result/jobs.ts';

/** What one finished job (or a request answered at once) deleted and failed to delete. */
export interface Outcome {
  readonly successful: number;
  readonly failed: number;
  /** Why items failed, or why the counts are doubtful; undefined when all is well. */
  readonly note?: string;
  /**
   * Why the job's counts cannot be used (none, negative, fractional, more than the items sent):
   * then only what still exists after the job tells what it deleted.
   */
  readonly countsIgnored?: string;
}

const isOk = (status: number): boolean => status >= 200 && status < 300;

/**
 * An upload batch's result: `payload.meta` counts (seed: batch-destroy). A job that failed, or
 * whose counts are missing or impossible, is not half-trusted: `countsIgnored` says why, and
 * the caller asks the API which uploads still exist. Until then, all its uploads count failed.
 */
export function uploadsOutcome(result: JobResult, items: number, label: string): Outcome {
  if (!isOk(result.status)) {
    // A failed job may still have deleted some before it failed: only what is left tells.
    return { successful: 0, failed: items, countsIgnored: `it failed with status ${result.status}` };
  }
  const { successful, failed } = metaCounts(result.payload);
  const ignored = impossibleCounts(successful, failed, items);
  if (ignored !== undefined || !isCount(successful) || !isCount(failed)) {
    return { successful: 0, failed: items, countsIgnored: ignored ?? 'impossible counts' };
  }
  const note =
    successful + failed !== items
      ? `${label} counted ${successful} deleted and ${failed} failed for ${items} upload(s) requested`
      : failed > 0
        ? `${label}: ${failed} of ${items} upload(s) not deleted (unknown IDs, or uploads the API refused to delete)`
        : undefined;
  return { successful, failed, ...(note === undefined ? {} : { note }) };
}

/** `payload.meta`'s counts as the job sent them, not yet judged. */
function metaCounts(payload: unknown): { successful: unknown; failed: unknown } {
  const meta = (payload as { meta?: { successful?: unknown; failed?: unknown } } | undefined)?.meta;
  return { successful: meta?.successful, failed: meta?.failed };
}

/** The counts a job reported, when both are whole numbers (whether or not they add up). */
export function reportedCounts(payload: unknown): { successful: number; failed: number } | undefined {
  const { successful, failed } = metaCounts(payload);
  return isCount(successful) && isCount(failed) ? { successful, failed } : undefined;
}

/** Why `successful` and `failed` cannot be counts of a job sent `items` uploads, or undefined. */
function impossibleCounts(successful: unknown, failed: unknown, items: number): string | undefined {
  if (successful === undefined && failed === undefined) return 'it reported no counts';
  if (!isCount(successful) || !isCount(failed)) {
    return `its counts (${shown(successful)} deleted, ${shown(failed)} failed) are not whole numbers of 0 or more`;
  }
  if (successful + failed > items) {
    return `it counted ${successful} deleted and ${failed} failed, more than the ${items} upload(s) sent`;
  }
  return undefined;
}

/** A count as the log shows it: numbers as they are, anything else by its type (never the API's text). */
function shown(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === undefined) return 'none';
  if (value === null) return 'null';
  return typeof value === 'object' ? (Array.isArray(value) ? 'a list' : 'an object') : `a ${typeof value}`;
}

/** A track deletion's result: any 2xx job status is the track deleted. */
export function trackOutcome(result: JobResult, label: string): Outcome {
  return isOk(result.status)
    ? { successful: 1, failed: 0 }
    : { successful: 0, failed: 1, note: `${label} failed with status ${result.status}` };
}

/** An upload chunk's outcome checked against which of its uploads still exist, item by item. */
export interface Reconciled extends Settled {
  /** Why items failed, or why the counts were doubted; undefined when all is well. */
  readonly note?: string;
}

/**
 * Checks a chunk's outcome against `existing`, the chunk's uploads that still exist after its
 * job, and `inUse`, those of them that records use. Those are failed whatever the job said.
 * What still exists alone decides when the submission was retried (an earlier attempt may have
 * started a job of its own that deleted some uploads first) and when the job's counts were
 * ignored. Otherwise a job may count more failed than still exist (unknown IDs, which GET
 * /uploads cannot tell apart from deleted ones): that count is kept, and the note says how many
 * cannot be named.
 */
export function reconcile(
  ids: readonly string[],
  outcome: Outcome,
  existing: ReadonlySet<string>,
  inUse: ReadonlySet<string>,
  retried: boolean,
  label: string,
): Reconciled {
  const failedIds = ids.filter((id) => existing.has(id));
  const failures = failedIds.map((id): FailedItem => ({
    id,
    reason: inUse.has(id) ? 'in use by records' : 'still exists after its job',
  }));
  const gone = ids.filter((id) => !existing.has(id));
  if (outcome.countsIgnored !== undefined) {
    const note = `${label}: its counts were ignored (${outcome.countsIgnored}); what still exists decides: ${gone.length} of its ${ids.length} upload(s) are gone and count as deleted, ${failedIds.length} still exist and count as failed`;
    return { deleted: gone, failures, note };
  }
  const failed = retried ? failedIds.length : Math.max(outcome.failed, failedIds.length);
  const notes: string[] = [];
  if (failed !== outcome.failed) {
    const why = retried ? ' (its submission was retried: an earlier attempt may have deleted some)' : '';
    notes.push(
      `${label} counted ${outcome.failed} failed, but ${failedIds.length} of its ${ids.length} upload(s) still exist${why}: counting ${failed} failed`,
    );
  }
  if (failed > failedIds.length) {
    notes.push(
      `${label}: ${failed - failedIds.length} upload(s) counted failed no longer exist (unknown IDs?) and cannot be named in failed-ids`,
    );
  }
  const note = notes.length > 0 ? notes.join('; ') : outcome.note;
  // Gone, but the job counted some of them failed: which of them it deleted cannot be told.
  const unknown = failed > failedIds.length ? { ids: gone, failed: failed - failedIds.length } : undefined;
  return {
    deleted: unknown === undefined ? gone : [],
    failures,
    ...(unknown === undefined ? {} : { unknown }),
    ...(note === undefined ? {} : { note }),
  };
}
