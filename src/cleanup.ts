import pLimit from 'p-limit';
import { chunk } from './chunk.ts';
import type { Clock } from './clock.ts';
import { MAX_IDS_PER_REQUEST, type CmaClient, type JobResult, type NonEmpty, type Submission } from './cma-client.ts';
import { CmaApiError } from './errors.ts';
import { reconcile, trackOutcome, uploadsOutcome, type Outcome } from './job-outcome.ts';
import type { JobPoller } from './job-poller.ts';
import { ProgressCounter } from './progress.ts';
import type { CleanupResult, JobRecord } from './result.ts';
import type { Settings, TrackRef } from './settings.ts';

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
  const run = new Run(result, deps, chunks.length + settings.uploadTracks.length);
  const tasks = [
    ...chunks.map((ids) => run.task(() => run.deleteUploads(ids))),
    ...settings.uploadTracks.map((track) => run.task(() => run.deleteTrack(track))),
  ];
  await Promise.allSettled(tasks);
  if (deps.signal.aborted) throw deps.signal.reason;
}

/**
 * A refusal of a whole chunk that may be about some of its IDs: any 4xx but auth and rate. A 404
 * from bulk destroy counts too: the API may answer NOT_FOUND for a batch naming an unknown upload.
 */
function isChunkRefusal(error: unknown): error is CmaApiError {
  return (
    error instanceof CmaApiError && error.status >= 400 && error.status < 500 && ![401, 403, 429].includes(error.status)
  );
}

const listOf = (ids: readonly string[]): string => `${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', ...' : ''}`;

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

  async deleteUploads(ids: NonEmpty<string>, resubmitted = false): Promise<void> {
    let sub: Submission;
    try {
      sub = await this.submit(() => this.submitUploads(ids));
    } catch (error) {
      if (resubmitted || !isChunkRefusal(error)) throw error;
      return this.deleteExistingOf(ids, error);
    }
    const what = `${ids.length} upload(s)`;
    const job = this.started(sub, 'uploads', ids.length, what);
    const label = job === undefined ? `Deleting ${what}` : `Job ${job.id}`;
    const outcome = uploadsOutcome(await this.finish(sub, job), ids.length, label);
    const trusted = outcome.failed === 0 && !sub.retried && outcome.successful === ids.length;
    if (trusted) return this.record('uploads', outcome, job, what);
    let existing: Set<string>;
    try {
      existing = await this.deps.client.existingUploads(ids);
    } catch (error) {
      this.record('uploads', outcome, job, what); // the job is done: keep what it said
      throw error;
    }
    const checked = reconcile(ids, outcome, existing, sub.retried, label);
    if (checked.note !== undefined && checked.note !== outcome.note) this.deps.log.info(checked.note);
    this.record('uploads', checked, job, what);
  }

  /**
   * The API refused a whole chunk (it may refuse a batch that names an unknown upload): the IDs
   * that exist are sent again on their own, the others count as failed. One unknown ID must not
   * keep the rest from being deleted. When the refused request had been sent before, an earlier
   * attempt may have deleted the missing ones: then what is gone counts as deleted.
   */
  private async deleteExistingOf(ids: NonEmpty<string>, refusal: CmaApiError): Promise<void> {
    const existing = await this.deps.client.existingUploads(ids);
    const missing = ids.filter((id) => !existing.has(id));
    const present = ids.filter((id) => existing.has(id));
    if (missing.length === 0) throw refusal;
    const answer = `${refusal.status}${refusal.code === undefined ? '' : ` ${refusal.code}`}`;
    if (refusal.retried) {
      this.deps.log.info(
        `${refusal.request} refused ${ids.length} upload(s) (${answer}) after an earlier attempt: ${missing.length} no longer exist and count as deleted; sending the other ${present.length} again`,
      );
      this.result.add('uploads', missing.length, 0);
    } else {
      this.deps.log.info(
        `${refusal.request} refused ${ids.length} upload(s) (${answer}): ${missing.length} do not exist and count as failed; sending the other ${present.length} again`,
      );
      this.result.add('uploads', 0, missing.length, undefined, missing);
      this.result.notes.push(`${missing.length} upload(s) do not exist: ${listOf(missing)}`);
    }
    if (present.length > 0) await this.deleteUploads(present as unknown as NonEmpty<string>, true);
  }

  async deleteTrack(track: TrackRef): Promise<void> {
    const name = `track ${track.uploadId}/${track.trackId}`;
    const sub = await this.submit(() => this.deps.client.deleteUploadTrack(track));
    if ('notFound' in sub) return this.record('track', await this.trackNotFound(track, sub.retried), undefined, name);
    const job = this.started(sub, 'track', 1, name);
    const outcome = trackOutcome(await this.finish(sub, job), `Job ${job?.id ?? ''} (${name})`);
    const failedIds = outcome.failed > 0 ? [`${track.uploadId}/${track.trackId}`] : [];
    this.record('track', { ...outcome, failedIds }, job, name);
  }

  /**
   * A 404 for a track is one failed, unless the request had been sent before: an earlier attempt
   * whose answer was lost may have deleted it, so what the upload's tracks say wins.
   */
  private async trackNotFound(track: TrackRef, retried: boolean): Promise<Outcome & { failedIds: string[] }> {
    const ref = `${track.uploadId}/${track.trackId}`;
    if (retried) {
      const tracks = await this.deps.client.listTracks(track.uploadId);
      if (!tracks?.some((t) => t.trackId === track.trackId)) {
        this.deps.log.info(
          `track ${ref} answered 404 after an earlier attempt: it no longer exists and counts as deleted`,
        );
        return { successful: 1, failed: 0, failedIds: [] };
      }
    }
    return { successful: 0, failed: 1, note: `track ${ref} was not found (404 NOT_FOUND)`, failedIds: [ref] };
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
          'DELETE /uploads/batch-destroy answered 404 (the route may no longer exist): switching to POST /uploads/bulk/destroy for this and the remaining chunks',
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

  /** Adds an outcome to the result; `failedIds` names what it surely did not delete. */
  private record(
    kind: JobRecord['kind'],
    outcome: Outcome & { readonly failedIds?: readonly string[] },
    job: JobRecord | undefined,
    what: string,
  ): void {
    this.result.add(kind, outcome.successful, outcome.failed, job, outcome.failedIds);
    if (outcome.note !== undefined) this.result.notes.push(outcome.note);
    this.finished.tick(
      (n) =>
        `${job === undefined ? what : `Job ${job.id}`} done: ${outcome.successful} deleted, ${outcome.failed} failed (${n})`,
    );
  }
}
