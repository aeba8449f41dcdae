import pLimit from 'p-limit';
import { chunk, nonEmpty, type NonEmpty } from '../common/chunk.ts';
import type { Clock } from '../common/clock.ts';
import {
  MAX_IDS_PER_REQUEST,
  type CmaClient,
  type JobResult,
  type NotFound,
  type Submission,
} from '../cma/cma-client.ts';
import { firstApiError } from '../cma/cma-http.ts';
import { DeleteRoute } from './delete-route.ts';
import { ChunkRefusedError, CmaApiError, UnexpectedAnswerError, describeCause } from '../common/errors.ts';
import { reconcile, reportedCounts, trackOutcome, uploadsOutcome, type Outcome } from './job-outcome.ts';
import type { JobPoller } from '../cma/job-poller.ts';
import { ProgressCounter } from '../common/progress.ts';
import { firstOf } from '../common/short-list.ts';
import {
  SANDBOX_TRACK,
  SANDBOX_TRACK_WORDS,
  type CleanupResult,
  type FailedItem,
  type FailureReason,
  type JobRecord,
  type Settled,
} from '../result/result.ts';
import type { Settings, TrackRef } from '../settings/settings.ts';

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
  const run = new Run(result, deps, work, chunks.length + work.uploadTracks.length);
  // A track goes with its upload: sent after it, its deletion would find it gone and count it
  // failed. So the tracks of uploads this run deletes too are deleted first (one job latency more,
  // only when there are such tracks), then every chunk and the other tracks at once.
  // A set of the tracks' uploads (few), not of the uploads (up to 100,000 IDs in a large run).
  const ofTracks = new Set(work.uploadTracks.map((track) => track.uploadId));
  const deleting = new Set(ofTracks.size === 0 ? [] : work.uploadIds.filter((id) => ofTracks.has(id)));
  const first = work.uploadTracks.filter((track) => deleting.has(track.uploadId));
  const rest = work.uploadTracks.filter((track) => !deleting.has(track.uploadId));
  if (first.length > 0) {
    await Promise.allSettled(first.map((track) => run.task(() => run.deleteTrack(track))));
    if (deps.signal.aborted) throw deps.signal.reason;
  }
  const tasks = [
    ...chunks.map((ids) => run.task(() => run.deleteUploads(ids))),
    ...rest.map((track) => run.task(() => run.deleteTrack(track))),
  ];
  await Promise.allSettled(tasks);
  if (deps.signal.aborted) throw deps.signal.reason;
}

/** Error codes about the request as a whole (where, as whom), never about the uploads it names. */
const ABOUT_THE_REQUEST = new Set([
  'INVALID_ENVIRONMENT',
  'ENVIRONMENT_IN_READ_ONLY_MODE',
  'INSUFFICIENT_PERMISSIONS',
  'INVALID_AUTHORIZATION_HEADER',
  'INVALID_API_VERSION',
  'MAINTENANCE_MODE',
]);

/**
 * A refusal of a whole chunk that may be about some of its IDs: any 4xx but auth and rate, and
 * not one whose code is about the request. A 404 counts too: the API may answer NOT_FOUND for a
 * batch naming an unknown upload.
 */
function isChunkRefusal(error: unknown): error is CmaApiError {
  return (
    error instanceof CmaApiError &&
    error.status >= 400 &&
    error.status < 500 &&
    ![401, 403, 429].includes(error.status) &&
    !(error.code !== undefined && ABOUT_THE_REQUEST.has(error.code))
  );
}

const isSandboxTrackRefusal = (codes: readonly string[]): boolean =>
  codes.includes('IMMUTABLE_UPLOAD_TRACKS_IN_SANDBOX_ENVIRONMENT');

/** Why the API refused a track, from its error codes. */
function trackRefusalReason(codes: readonly string[]): FailureReason {
  return isSandboxTrackRefusal(codes) ? SANDBOX_TRACK : 'refused';
}

const failedFor =
  (reason: FailedItem['reason']) =>
  (id: string): FailedItem => ({ id, reason });

/** A chunk sent again after a refusal: what was taken out of it, for the error if it is refused again. */
interface Resubmission {
  readonly takenOut: string;
}

class Run {
  private readonly limit = pLimit(SUBMIT_CONCURRENCY);
  private readonly submitted: ProgressCounter;
  private readonly finished: ProgressCounter;
  private readonly result: CleanupResult;
  private readonly deps: CleanupDeps;
  private readonly route: DeleteRoute;
  private readonly verify: boolean;

  constructor(result: CleanupResult, deps: CleanupDeps, work: CleanupWork, total: number) {
    this.result = result;
    this.deps = deps;
    this.verify = work.verify;
    this.route = new DeleteRoute(deps.client, work.deleteEndpoint, (answer) => {
      result.usedBulkDestroy = true;
      deps.log.info(
        `DELETE /uploads/batch-destroy answered ${answer}: that route does not exist on this API; switching to POST /uploads/bulk/destroy for this and the remaining chunks`,
      );
    });
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

  async deleteUploads(ids: NonEmpty<string>, resubmission?: Resubmission): Promise<void> {
    let sub: Submission;
    try {
      sub = await this.submit(() => this.route.submit(ids));
    } catch (error) {
      if (!isChunkRefusal(error)) throw error;
      if (resubmission !== undefined) {
        this.result.settle('uploads', { deleted: [], failures: ids.map(failedFor('refused')) });
        throw new ChunkRefusedError(error, ids, resubmission.takenOut);
      }
      return this.deleteDeletableOf(ids, error);
    }
    const what = `${ids.length} upload(s)`;
    const job = this.started(sub, 'uploads', ids, what);
    const label = job === undefined ? `Deleting ${what}` : `Job ${job.id}`;
    const result = await this.finish(sub, job);
    const outcome = uploadsOutcome(result, ids.length, label);
    describeJob(job, result, outcome);
    const trusted = outcome.failed === 0 && !sub.retried && outcome.successful === ids.length;
    if (trusted && !this.verify)
      return this.record('uploads', { ...asSettled(ids, outcome), note: outcome.note }, job, what);
    let existing: Set<string>;
    try {
      existing = await this.deps.client.existingUploads(ids);
    } catch (error) {
      // The job is done: keep what it said, and say that it could not be confirmed.
      if (this.verify) this.countUnconfirmed(ids.length, label, error);
      this.record('uploads', { ...asSettled(ids, outcome), note: outcome.note }, job, what);
      throw error;
    }
    const inUse = await this.inUseAmong(ids.filter((id) => existing.has(id)));
    const checked = reconcile(ids, outcome, existing, inUse, sub.retried, label);
    if (this.verify) this.countVerified(ids.length, outcome, existing.size, label, job);
    if (checked.note !== undefined && checked.note !== outcome.note) this.deps.log.info(checked.note);
    this.record('uploads', { ...checked, verified: this.verify }, job, what);
  }

  /**
   * `verify`: a chunk's uploads were looked up after its job. Those the job counted deleted
   * that still exist are a claim the API did not keep: said in the log and the summary.
   */
  private countVerified(
    items: number,
    outcome: Outcome,
    stillThere: number,
    label: string,
    job: JobRecord | undefined,
  ): void {
    const claimed = outcome.countsIgnored === undefined ? outcome.successful : 0;
    const contradicted = Math.max(0, Math.min(claimed, stillThere - outcome.failed));
    this.result.verification.checked += items;
    this.result.verification.contradicted += contradicted;
    if (job !== undefined) job.contradicted = contradicted;
    if (contradicted > 0) {
      this.deps.log.warning(
        `${label} reported ${claimed} upload(s) deleted, but ${contradicted} of them still exist (verify): they count as failed`,
      );
    }
  }

  /** `verify`: a chunk's job finished, but its lookup failed or was not trusted (`error`). */
  private countUnconfirmed(items: number, label: string, error: unknown): void {
    const answer =
      error instanceof UnexpectedAnswerError
        ? error.answered
        : error instanceof CmaApiError
          ? `${error.request} answered ${error.answer}`
          : describeCause(error);
    this.result.unconfirmed.uploads += items;
    this.result.unconfirmed.why ??= `${label}: ${answer}`;
  }

  /**
   * Which of `ids` (uploads a job left in place) records use, to say why they were kept. Only
   * a reason hangs on it, so a lookup that fails is logged and the run goes on.
   */
  private async inUseAmong(ids: readonly string[]): Promise<Set<string>> {
    const asked = nonEmpty(ids);
    if (asked === undefined) return new Set();
    try {
      return await this.deps.client.uploadsInUse(asked);
    } catch (error) {
      this.deps.signal.throwIfAborted();
      this.deps.log.info(`Could not tell which of ${ids.length} upload(s) not deleted are in use: ${String(error)}`);
      return new Set();
    }
  }

  /**
   * The API refused a whole chunk: it may refuse a batch that names an unknown upload, or one
   * that records use. The uploads that exist and that no record uses are sent again on their
   * own; the others count as failed, with their reason. One such upload must not keep 199
   * others from being deleted. A refusal that neither explains is fatal. When the refused
   * request had been sent before, an earlier attempt may have deleted the missing ones: then
   * what is gone counts as deleted.
   */
  private async deleteDeletableOf(ids: NonEmpty<string>, refusal: CmaApiError): Promise<void> {
    const existing = await this.deps.client.existingUploads(ids);
    const missing = ids.filter((id) => !existing.has(id));
    const present = ids.filter((id) => existing.has(id));
    const asked = nonEmpty(present);
    const inUse = asked === undefined ? new Set<string>() : await this.deps.client.uploadsInUse(asked);
    const used = present.filter((id) => inUse.has(id));
    const rest = nonEmpty(present.filter((id) => !inUse.has(id)));
    if (missing.length === 0 && used.length === 0) throw refusal;
    const intro = `${refusal.request} refused ${ids.length} upload(s) (${refusal.answer})`;
    this.countMissing(missing, refusal.retried, intro);
    if (used.length > 0) {
      this.deps.log.info(`${intro}: ${used.length} are in use by records and are kept: ${firstOf(used, 10)}`);
      this.result.settle('uploads', { deleted: [], failures: used.map(failedFor('in use by records')) });
    }
    if (rest === undefined) return;
    this.deps.log.info(`Sending the other ${rest.length} upload(s) of that chunk again`);
    const takenOut = [
      ...(used.length > 0 ? [`${used.length} in use`] : []),
      ...(missing.length > 0 ? [`${missing.length} missing`] : []),
    ].join(' and ');
    await this.deleteUploads(rest, { takenOut: `${takenOut} upload(s)` });
  }

  /** Uploads of a refused chunk that do not exist: failed, or deleted by an earlier attempt. */
  private countMissing(missing: readonly string[], retried: boolean, intro: string): void {
    if (missing.length === 0) return;
    if (retried) {
      this.deps.log.info(`${intro} after an earlier attempt: ${missing.length} no longer exist and count as deleted`);
      this.result.settle('uploads', { deleted: missing, failures: [] });
      return;
    }
    this.deps.log.info(`${intro}: ${missing.length} do not exist and count as failed`);
    this.result.settle('uploads', { deleted: [], failures: missing.map(failedFor('not found')) });
    this.result.notes.push(`${missing.length} upload(s) do not exist: ${firstOf(missing, 10)}`);
  }

  async deleteTrack(track: TrackRef): Promise<void> {
    const name = `track ${track.uploadId}/${track.trackId}`;
    let sub: Submission | NotFound;
    try {
      sub = await this.submit(() => this.deps.client.deleteUploadTrack(track));
    } catch (error) {
      // One track the API will not delete (in a sandbox, say, whatever the status) is one failed
      // item, not the run's end.
      if (!isChunkRefusal(error) && !(error instanceof CmaApiError && isSandboxTrackRefusal(error.codes))) throw error;
      const reason = trackRefusalReason(error.codes);
      const note = `${error.request} refused ${name} (${error.answer})${reason === SANDBOX_TRACK ? `: ${SANDBOX_TRACK_WORDS}` : ''}`;
      const failures = [failedFor(reason)(`${track.uploadId}/${track.trackId}`)];
      return this.record('track', { deleted: [], note, failures }, undefined, name);
    }
    if ('notFound' in sub) return this.record('track', await this.trackNotFound(track, sub.retried), undefined, name);
    const ref = `${track.uploadId}/${track.trackId}`;
    const job = this.started(sub, 'track', [ref], name);
    const result = await this.finish(sub, job);
    const outcome = trackOutcome(result, `Job ${job?.id ?? ''} (${name})`);
    describeJob(job, result, outcome);
    const reason = trackRefusalReason(firstApiError(result.payload)?.codes ?? []);
    const failed = outcome.failed > 0;
    const note = !failed || reason !== SANDBOX_TRACK ? outcome.note : `${outcome.note ?? ''}: ${SANDBOX_TRACK_WORDS}`;
    const settled = { deleted: failed ? [] : [ref], failures: failed ? [failedFor(reason)(ref)] : [] };
    this.record('track', { ...settled, ...(note === undefined ? {} : { note }) }, job, name);
  }

  /**
   * A 404 for a track is one failed, unless the request had been sent before: an earlier attempt
   * whose answer was lost may have deleted it, so what the upload's tracks say wins.
   */
  private async trackNotFound(track: TrackRef, retried: boolean): Promise<Settled & { note?: string }> {
    const ref = `${track.uploadId}/${track.trackId}`;
    if (retried) {
      const tracks = await this.deps.client.listTracks(track.uploadId);
      if (!tracks?.some((t) => t.trackId === track.trackId)) {
        this.deps.log.info(
          `track ${ref} answered 404 after an earlier attempt: it no longer exists and counts as deleted`,
        );
        return { deleted: [ref], failures: [] };
      }
    }
    const failures = [failedFor('track not found')(ref)];
    return { deleted: [], note: `track ${ref} was not found (404 NOT_FOUND)`, failures };
  }

  /** Submits through the concurrency limit; a stopped run submits nothing more. */
  private submit<T>(send: () => Promise<T>): Promise<T> {
    return this.limit(() => {
      this.deps.signal.throwIfAborted();
      return send();
    });
  }

  private started(
    sub: Submission,
    kind: JobRecord['kind'],
    ids: readonly string[],
    what: string,
  ): JobRecord | undefined {
    if (!('jobId' in sub)) return undefined;
    if (this.result.jobs.some((started) => started.id === sub.jobId)) {
      // One job cannot stand for two deletions: its result would be counted twice.
      throw new UnexpectedAnswerError(
        `Deleting ${what}`,
        `202 with job ID ${sub.jobId}, already given for another deletion`,
        true,
      );
    }
    const job = this.result.startJob(sub.jobId, kind, ids, this.deps.clock.now());
    this.submitted.tick((n) => `Submitted ${what}: job ${job.id} (${n})`);
    return job;
  }

  private async finish(sub: Submission, job: JobRecord | undefined): Promise<JobResult> {
    if ('result' in sub) return sub.result;
    const result = await this.deps.poller.wait(
      sub.jobId,
      job?.kind ?? 'uploads',
      job?.submittedAt ?? this.deps.clock.now(),
    );
    if (job !== undefined) job.finishedAt = this.deps.clock.now();
    return result;
  }

  /** Adds what was settled to the result, item by item. */
  private record(
    kind: JobRecord['kind'],
    settled: Settled & { readonly note?: string | undefined },
    job: JobRecord | undefined,
    what: string,
  ): void {
    const before = { ...this.result.counts[kind] };
    this.result.settle(kind, settled, job);
    if (settled.note !== undefined) this.result.notes.push(settled.note);
    const deleted = this.result.counts[kind].successful - before.successful;
    const failed = this.result.counts[kind].failed - before.failed;
    this.finished.tick(
      (n) => `${job === undefined ? what : `Job ${job.id}`} done: ${deleted} deleted, ${failed} failed (${n})`,
    );
  }
}

/**
 * A job's counts taken at their word, item by item: all deleted when it says so, otherwise
 * which of them it deleted is unknown.
 */
function asSettled(ids: readonly string[], outcome: Outcome): Settled {
  if (outcome.countsIgnored === undefined && outcome.failed === 0 && outcome.successful === ids.length) {
    return { deleted: ids, failures: [] };
  }
  const failed = Math.max(0, Math.min(ids.length, ids.length - outcome.successful));
  return { deleted: [], failures: [], unknown: { ids, failed } };
}

/** Keeps what a job's result said, for the report. */
function describeJob(job: JobRecord | undefined, result: JobResult, outcome: Outcome): void {
  if (job === undefined) return;
  job.status = result.status;
  const reported = reportedCounts(result.payload);
  if (reported !== undefined) job.reported = reported;
  if (outcome.countsIgnored !== undefined) job.countsIgnored = outcome.countsIgnored;
}
