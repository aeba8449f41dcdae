import { chunk } from '../common/chunk.ts';
import type { Clock } from '../common/clock.ts';
import { MAX_IDS_PER_REQUEST, type CmaClient } from '../cma/cma-client.ts';
import type { JobPoller } from '../cma/job-poller.ts';
import type { CleanupResult } from '../result/result.ts';
import type { Settings } from '../settings/settings.ts';
import { Reconciler } from './reconciliation.ts';
import { Submitter } from './submission.ts';

/**
 * Submissions in flight at once. The rate limiter sets the pace; this only keeps a large run
 * from opening a socket per chunk, and lets a fatal answer stop the submissions queued behind it.
 */
export const SUBMIT_CONCURRENCY = 4;

export interface Logger {
  readonly info: (message: string) => void;
  readonly warning: (message: string) => void;
}

export interface CleanupDeps {
  readonly client: CmaClient;
  readonly poller: Pick<JobPoller, 'wait'>;
  readonly clock: Clock;
  readonly log: Logger;
  /** The run's signal: aborted by `stop`, the deadline or a cancellation. */
  readonly signal: AbortSignal;
  /** Stops the whole run (every request and wait) with `reason`. */
  readonly stop: (reason: unknown) => void;
}

/** What to delete, and how uploads are deleted. */
export type CleanupWork = Pick<Settings, 'uploadIds' | 'uploadTracks' | 'deleteEndpoint' | 'verify'>;

/**
 * Deletes the uploads and tracks of `work`: every chunk and track is submitted without waiting
 * for earlier jobs, and every job is polled on its own. Counts go into `result` as jobs finish,
 * so that they are there to report whatever ends the run. Throws the first fatal error.
 */
export async function runCleanup(work: CleanupWork, result: CleanupResult, deps: CleanupDeps): Promise<void> {
  const chunks = chunk(work.uploadIds, MAX_IDS_PER_REQUEST);
  const total = chunks.length + work.uploadTracks.length;
  const reconciler = new Reconciler(result, deps, work.verify, total);
  const plan = { endpoint: work.deleteEndpoint, total, concurrency: SUBMIT_CONCURRENCY };
  const submitter = new Submitter(result, deps, plan, reconciler);
  const task = (deletion: () => Promise<void>) => stopOnError(deps.stop, deletion);
  // A track goes with its upload: sent after it, its deletion would find it gone and count it
  // failed. So the tracks of uploads this run deletes too are deleted first (one job latency more,
  // only when there are such tracks), then every chunk and the other tracks at once.
  // A set of the tracks' uploads (few), not of the uploads (up to 100,000 IDs in a large run).
  const ofTracks = new Set(work.uploadTracks.map((track) => track.uploadId));
  const deleting = new Set(ofTracks.size === 0 ? [] : work.uploadIds.filter((id) => ofTracks.has(id)));
  const first = work.uploadTracks.filter((track) => deleting.has(track.uploadId));
  const rest = work.uploadTracks.filter((track) => !deleting.has(track.uploadId));
  if (first.length > 0) {
    await Promise.allSettled(first.map((track) => task(() => submitter.deleteTrack(track))));
    if (deps.signal.aborted) throw deps.signal.reason;
  }
  const tasks = [
    ...chunks.map((ids) => task(() => submitter.deleteUploads(ids))),
    ...rest.map((track) => task(() => submitter.deleteTrack(track))),
  ];
  await Promise.allSettled(tasks);
  if (deps.signal.aborted) throw deps.signal.reason;
}

/** Runs one deletion; its error stops the whole run. */
async function stopOnError(stop: CleanupDeps['stop'], deletion: () => Promise<void>): Promise<void> {
  try {
    await deletion();
  } catch (error) {
    stop(error);
    throw error;
  }
}
