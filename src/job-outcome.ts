import type { JobResult } from './cma-client.ts';
import { isCount } from './guards.ts';
import type { FailedItem } from './result.ts';

/** What one finished job (or a request answered at once) deleted and failed to delete. */
export interface Outcome {
  readonly successful: number;
  readonly failed: number;
  /** Why items failed, or why the counts are doubtful; undefined when all is well. */
  readonly note?: string;
}

const isOk = (status: number): boolean => status >= 200 && status < 300;

/**
 * An upload batch's result: `payload.meta` counts (seed: batch-destroy). A failed job, or one
 * without counts, deleted nothing that can be vouched for: all its uploads count as failed.
 */
export function uploadsOutcome(result: JobResult, items: number, label: string): Outcome {
  if (!isOk(result.status)) {
    return {
      successful: 0,
      failed: items,
      note: `${label} failed with status ${result.status}: its ${items} upload(s) count as failed`,
    };
  }
  const meta = (result.payload as { meta?: { successful?: unknown; failed?: unknown } } | undefined)?.meta;
  const successful = meta?.successful;
  const failed = meta?.failed;
  if (!isCount(successful) || !isCount(failed)) {
    return {
      successful: 0,
      failed: items,
      note: `${label} reported no counts: its ${items} upload(s) count as failed`,
    };
  }
  const note =
    successful + failed !== items
      ? `${label} counted ${successful} deleted and ${failed} failed for ${items} upload(s) requested`
      : failed > 0
        ? `${label}: ${failed} of ${items} upload(s) not deleted (unknown IDs, or uploads the API refused to delete)`
        : undefined;
  return { successful, failed, ...(note === undefined ? {} : { note }) };
}

/** A track deletion's result: any 2xx job status is the track deleted. */
export function trackOutcome(result: JobResult, label: string): Outcome {
  return isOk(result.status)
    ? { successful: 1, failed: 0 }
    : { successful: 0, failed: 1, note: `${label} failed with status ${result.status}` };
}

/** An upload chunk's outcome checked against which of its uploads still exist. */
export interface Reconciled extends Outcome {
  /** The chunk's uploads that still exist, surely not deleted, with why. */
  readonly failures: readonly FailedItem[];
}

/**
 * Checks a chunk's outcome against `existing`, the chunk's uploads that still exist after its
 * job, and `inUse`, those of them that records use. Those are failed whatever the job said.
 * When the submission was retried, an earlier attempt may have started a job of its own that
 * deleted some uploads first, so the job's count of failed is not trusted: the uploads still
 * there are the failed ones. Otherwise a job may
 * count more failed than still exist (unknown IDs, which GET /uploads cannot tell apart from
 * deleted ones): that count is kept, and the note says how many cannot be named.
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
  return { successful: ids.length - failed, failed, failures, ...(note === undefined ? {} : { note }) };
}
