import pLimit from 'p-limit';
import { chunk } from './chunk.ts';
import type { Clock } from './clock.ts';
import type { CmaClient, JobResult, NonEmpty, Submission } from './cma-client.ts';
import { trackOutcome, uploadsOutcome, type Outcome } from './job-outcome.ts';
import type { JobPoller } from './job-poller.ts';
import { ProgressCounter } from './progress.ts';
import type { CleanupResult, JobRecord } from './result.ts';
import type { Settings, TrackRef } from './settings.ts';

/** Most IDs per batch request: the documented bulk limit (UNVERIFIED for uploads, so never more). */
export const MAX_IDS_PER_REQUEST = 200;
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

/**
 * Deletes the uploads and tracks of `settings`: every chunk and track is submitted without
 * waiting for earlier jobs, and every job is polled on its own. Counts go into `result` as jobs
 * finish, so that they are there to report whatever ends the run. Throws the first fatal error.
 */
export async function runCleanup(
  settings: Pick<Settings, 'uploadIds' | 'uploadTracks'>,
  result: CleanupResult,
  deps: CleanupDeps,
): Promise<void> {
  const chunks = chunk(settings.uploadIds, MAX_IDS_PER_REQUEST);
  const total = chunks.length + settings.uploadTracks.length;
  const run = new Run(result, deps, total);
  const tasks = [
    ...chunks.map((ids) => run.task(() => run.deleteUploads(ids))),
    ...settings.uploadTracks.map((track) => run.task(() => run.deleteTrack(track))),
  ];
  await Promise.allSettled(tasks);
  if (deps.signal.aborted) throw deps.signal.reason;
}

class Run {
  private readonly limit = pLimit(SUBMIT_CONCURRENCY);
  private readonly submitted: ProgressCounter;
  private readonly finished: ProgressCounter;
  private readonly result: CleanupResult;
  private readonly deps: CleanupDeps;

  constructor(result: CleanupResult, deps: CleanupDeps, total: number) {
    this.result = result;
    this.deps = deps;
    this.submitted = new ProgressCounter(total, deps.log.info);
    this.finished = new ProgressCounter(total, deps.log.info);
  }

  /** Runs one deletion; its error stops the whole run. */
  async task(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.deps.stop(error);
      throw error;
    }
  }

  async deleteUploads(ids: NonEmpty<string>): Promise<void> {
    const sub = await this.submit(() => this.submitUploads(ids));
    const what = `${ids.length} upload(s)`;
    const job = this.started(sub, 'uploads', ids.length, what);
    const result = await this.finish(sub, job);
    this.record(
      'uploads',
      uploadsOutcome(result, ids.length, job === undefined ? `Deleting ${what}` : `Job ${job.id}`),
      job,
      what,
    );
  }

  async deleteTrack(track: TrackRef): Promise<void> {
    const name = `track ${track.uploadId}/${track.trackId}`;
    const sub = await this.submit(() => this.deps.client.deleteUploadTrack(track));
    if (sub === undefined) {
      this.record(
        'track',
        { successful: 0, failed: 1, note: `${name} was not found (404 NOT_FOUND)` },
        undefined,
        name,
      );
      return;
    }
    const job = this.started(sub, 'track', 1, name);
    const result = await this.finish(sub, job);
    this.record('track', trackOutcome(result, `Job ${job?.id ?? ''} (${name})`), job, name);
  }

  /** Submits through the concurrency limit; a stopped run submits nothing more. */
  private submit<T>(send: () => Promise<T>): Promise<T> {
    return this.limit(() => {
      this.deps.signal.throwIfAborted();
      return send();
    });
  }

  private async submitUploads(ids: NonEmpty<string>): Promise<Submission> {
    if (!this.result.usedBulkDestroy) {
      const sub = await this.deps.client.batchDestroyUploads(ids);
      if (sub !== undefined) return sub;
      if (!this.result.usedBulkDestroy) {
        this.result.usedBulkDestroy = true;
        this.deps.log.info(
          'DELETE /uploads/batch-destroy answered 404 (the API no longer has it): switching to POST /uploads/bulk/destroy for this and the remaining chunks',
        );
      }
    }
    return this.deps.client.bulkDestroyUploads(ids);
  }

  private started(sub: Submission, kind: JobRecord['kind'], items: number, what: string): JobRecord | undefined {
    if (!('jobId' in sub)) return undefined;
    const job = this.result.startJob(sub.jobId, kind, items);
    this.submitted.tick((n) => `Submitted ${what}: job ${job.id} (${n})`);
    return job;
  }

  private async finish(sub: Submission, job: JobRecord | undefined): Promise<JobResult> {
    if ('result' in sub) return sub.result;
    return this.deps.poller.wait(sub.jobId, job?.kind ?? 'uploads', this.deps.clock.now());
  }

  private record(kind: JobRecord['kind'], outcome: Outcome, job: JobRecord | undefined, what: string): void {
    this.result.add(kind, outcome.successful, outcome.failed, job);
    if (outcome.note !== undefined) this.result.notes.push(outcome.note);
    this.finished.tick(
      (n) =>
        `${job === undefined ? what : `Job ${job.id}`} done: ${outcome.successful} deleted, ${outcome.failed} failed (${n})`,
    );
  }
}
