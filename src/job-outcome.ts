import type { JobResult } from './cma-client.ts';

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

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
