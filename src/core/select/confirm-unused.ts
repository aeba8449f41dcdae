/**
 * `confirm-unused`: each selected upload's references read before anything is deleted, so that
 * an upload is deleted only when no record links it, whatever the `in_use` filter counts (the
 * docs do not say whether drafts, older versions or other locales count).
 */
import pLimit from 'p-limit';
import type { CmaClient, UploadReferences } from '../cma/cma-client.ts';

import { describeCause } from '../common/errors.ts';
import { oneLine } from '../common/one-line.ts';
import { NOT_CONFIRMED } from './failure-reason.ts';
import type { SkippedItem } from './selection.ts';

/**
 * References read at once: one request per upload, paced by the rate limiter every CMA request
 * goes through; this only bounds the sockets and the requests queued behind a fatal answer, as
 * the backup's listings of tracks do.
 */
export const CONFIRM_CONCURRENCY = 8;

/** What the references said of each upload, in selection order. */
export interface Confirmation {
  /** Proven unused: no record links them. The only ones that may be deleted. */
  readonly unused: readonly string[];
  /** Kept: `in use by records` (with the records) or not confirmed (with why). */
  readonly kept: readonly SkippedItem[];
  /** The upload is unknown (404): gone since the selection. */
  readonly gone: readonly string[];
}

/**
 * Reads the references of every upload of `ids`, {@link CONFIRM_CONCURRENCY} at once. An answer
 * that cannot be read, or a request that fails after the seam's retries, keeps the upload (never
 * deleted unconfirmed); a cancelled run throws its reason.
 */
export async function confirmUnused(
  ids: readonly string[],
  client: Pick<CmaClient, 'uploadReferences'>,
  signal: AbortSignal,
): Promise<Confirmation> {
  const limit = pLimit(CONFIRM_CONCURRENCY);
  const answers = await Promise.all(
    ids.map((id) =>
      limit(async (): Promise<UploadReferences | { notFound: true } | { why: string }> => {
        if (signal.aborted) return { why: 'the run stopped first' };
        try {
          return await client.uploadReferences(id);
        } catch (error) {
          return { why: oneLine(describeCause(error)) };
        }
      }),
    ),
  );
  if (signal.aborted) throw signal.reason;
  const unused: string[] = [];
  const kept: SkippedItem[] = [];
  const gone: string[] = [];
  for (const [index, answer] of answers.entries()) {
    const id = ids[index] ?? '';
    if ('why' in answer) kept.push({ kind: 'upload', id, reason: NOT_CONFIRMED, why: answer.why });
    else if ('notFound' in answer) gone.push(id);
    else if (answer.total > 0) kept.push({ kind: 'upload', id, reason: 'in use by records', references: answer });
    else unused.push(id);
  }
  return { unused, kept, gone };
}

/** `confirm-unused`'s counts in one line, for the summaries: `Confirmed unused: 7 of 9 upload(s) ...`. */
export function describeConfirmation(counts: {
  readonly checked: number;
  readonly unused: number;
  readonly inUse: number;
  readonly notConfirmed: number;
}): string {
  const unconfirmed = counts.notConfirmed > 0 ? `, ${counts.notConfirmed} kept as not confirmed unused` : '';
  return `Confirmed unused: ${counts.unused} of ${counts.checked} upload(s) (their references read); ${counts.inUse} kept as in use by records${unconfirmed}`;
}

/** The records of an upload in use, in words: `5 record(s): r1 (model post), r2, r3 and 2 more`. */
export function describeReferences(references: UploadReferences): string {
  const named = references.records.map(({ id, itemType }) =>
    itemType === undefined ? id : `${id} (model ${itemType})`,
  );
  const more = references.total - named.length;
  return `${references.total} record(s): ${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}
