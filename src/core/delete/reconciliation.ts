/**
 * Reconciliation: each job waited for, what its answer settles item by item, verify lookups, and
 * the result written.
 */
import { nonEmpty, type NonEmpty } from '../common/chunk.ts';
import type { Clock } from '../common/clock.ts';
import type { CmaClient, JobResult, Submission } from '../cma/cma-client.ts';
import { firstApiError } from '../cma/cma-http.ts';
import type { JobPoller } from '../cma/job-poller.ts';
import { describeCause } from '../common/errors.ts';
import { CmaApiError, UnexpectedAnswerError } from '../cma/errors.ts';
import { ProgressCounter } from '../common/progress.ts';
import { type CleanupResult } from '../result/result.ts';
import { type JobRecord, type Settled } from '../result/jobs.ts';
import { SANDBOX_TRACK, SANDBOX_TRACK_WORDS } from '../select/failure-reason.ts';
import type { TrackRef } from '../settings/settings.ts';
import { failedFor, trackRefusalReason } from './failure-reasons.ts';
import { reconcile, reportedCounts, trackOutcome, uploadsOutcome, type Outcome } from './job-outcome.ts';

/** What reconciling reads: the lookups after a job, the poller, the time, the log and the run's signal. */
export interface ReconcileDeps {
  readonly client: Pick<CmaClient, 'existingUploads' | 'uploadsInUse' | 'listTracks'>;
  readonly poller: Pick<JobPoller, 'wait'>;
  readonly clock: Clock;
  readonly log: { readonly info: (message: string) => void; readonly warning: (message: string) => void };
  /** The run's signal: aborted by `stop`, the deadline or a cancellation. */
  readonly signal: AbortSignal;
}

/** What was settled, with the note that says why, if any. */
type SettledWithNote = Settled & { readonly note?: string | undefined };

/**
 * Settles what submitted deletions did: waits for each job, reads its answer item by item,
 * looks uploads up when its counts are not enough (or `verify` asks), and writes into `result`.
 */
export class Reconciler {
  private readonly finished: ProgressCounter;
  private readonly result: CleanupResult;
  private readonly deps: ReconcileDeps;
  private readonly verify: boolean;

  constructor(result: CleanupResult, deps: ReconcileDeps, verify: boolean, total: number) {
    this.result = result;
    this.deps = deps;
    this.verify = verify;
    this.finished = new ProgressCounter(total, deps.log.info);
  }

  /** Settles a chunk of uploads from its job's answer (`sub`), and from lookups when that is not enough. */
  async settleUploads(ids: NonEmpty<string>, sub: Submission, job: JobRecord | undefined, what: string): Promise<void> {
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

  /** Settles one track (`ref`, called `name`) from its job's answer (`sub`). */
  async settleTrack(ref: string, sub: Submission, job: JobRecord | undefined, name: string): Promise<void> {
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
  async trackNotFound(track: TrackRef, retried: boolean): Promise<SettledWithNote> {
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
  record(kind: JobRecord['kind'], settled: SettledWithNote, job: JobRecord | undefined, what: string): void {
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
