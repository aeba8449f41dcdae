/**
 * Submission: chunks of uploads sent to batch or bulk destroy, tracks one by one, a refused chunk
 * sent again.
 */
import pLimit from 'p-limit';
import { nonEmpty, type NonEmpty } from '../common/chunk.ts';
import type { Clock } from '../common/clock.ts';
import type { CmaClient, NotFound, Submission } from '../cma/cma-client.ts';
import { ChunkRefusedError } from './errors.ts';
import { CmaApiError, UnexpectedAnswerError } from '../cma/errors.ts';
import { ProgressCounter } from '../common/progress.ts';
import { firstOf } from '../common/short-list.ts';
import { type CleanupResult } from '../result/result.ts';
import { type JobRecord } from '../result/jobs.ts';
import { SANDBOX_TRACK, SANDBOX_TRACK_WORDS } from '../select/failure-reason.ts';
import type { DeleteEndpoint, TrackRef } from '../settings/settings.ts';
import { DeleteRoute } from './delete-route.ts';
import { failedFor, isSandboxTrackRefusal, trackRefusalReason } from './failure-reasons.ts';
import type { Reconciler } from './reconciliation.ts';

/** What submitting uses: the deleting requests and the lookups of a refused chunk, the time, the log, the run's signal. */
export interface SubmitDeps {
  readonly client: Pick<
    CmaClient,
    'batchDestroyUploads' | 'bulkDestroyUploads' | 'deleteUploadTrack' | 'existingUploads' | 'uploadsInUse'
  >;
  readonly clock: Clock;
  readonly log: { readonly info: (message: string) => void };
  /** The run's signal: aborted by `stop`, the deadline or a cancellation. */
  readonly signal: AbortSignal;
}

/** How the deletions are sent: the endpoint for uploads, how many deletions in all, how many in flight at once. */
export interface SubmitPlan {
  readonly endpoint: DeleteEndpoint;
  readonly total: number;
  readonly concurrency: number;
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

/** A chunk sent again after a refusal: what was taken out of it, for the error if it is refused again. */
interface Resubmission {
  readonly takenOut: string;
}

/**
 * Sends the deletions through one concurrency limit, each submission counted as it starts a
 * job; what a job then settles is the `Reconciler`'s.
 */
export class Submitter {
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly submitted: ProgressCounter;
  private readonly result: CleanupResult;
  private readonly deps: SubmitDeps;
  private readonly route: DeleteRoute;
  private readonly reconciler: Reconciler;

  constructor(result: CleanupResult, deps: SubmitDeps, plan: SubmitPlan, reconciler: Reconciler) {
    this.result = result;
    this.deps = deps;
    this.reconciler = reconciler;
    this.limit = pLimit(plan.concurrency);
    this.route = new DeleteRoute(deps.client, plan.endpoint, (answer) => {
      result.usedBulkDestroy = true;
      deps.log.info(
        `DELETE /uploads/batch-destroy answered ${answer}: that route does not exist on this API; switching to POST /uploads/bulk/destroy for this and the remaining chunks`,
      );
    });
    this.submitted = new ProgressCounter(plan.total, deps.log.info);
  }

  /** Submits a chunk of uploads and hands its answer to the reconciler; `resubmission` when a refusal left it. */
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
    await this.reconciler.settleUploads(ids, sub, job, what);
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

  /** Submits one track and hands its answer to the reconciler; a refusal of it is one failed item. */
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
      return this.reconciler.record('track', { deleted: [], note, failures }, undefined, name);
    }
    if ('notFound' in sub) {
      return this.reconciler.record('track', await this.reconciler.trackNotFound(track, sub.retried), undefined, name);
    }
    const ref = `${track.uploadId}/${track.trackId}`;
    const job = this.started(sub, 'track', [ref], name);
    await this.reconciler.settleTrack(ref, sub, job, name);
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
}
