import type { TargetEnvironment } from './environment.ts';
import type { Selection } from './selection.ts';

/** One job of the run: what it was started for and, once done, what it did. */
export interface JobRecord {
  readonly id: string;
  /** 'uploads' for a batch or bulk destroy, 'track' for a track deletion. */
  readonly kind: 'uploads' | 'track';
  /** How many uploads or tracks it was asked to delete. */
  readonly items: number;
  done: boolean;
}

/** Why an item was not deleted, in the words the summary, the log and the report use. */
export type FailureReason =
  | 'in use by records'
  | 'still exists after its job'
  | 'not found'
  | 'track not found'
  | 'refused'
  | typeof SANDBOX_TRACK;

/** The API's IMMUTABLE_UPLOAD_TRACKS_IN_SANDBOX_ENVIRONMENT, as a reason (the report's vocabulary). */
export const SANDBOX_TRACK = 'tracks cannot be deleted in a sandbox';
/** The same, in words that say what to do, for the log and the summary. */
export const SANDBOX_TRACK_WORDS =
  'upload tracks cannot be deleted in a sandbox environment; run against the primary environment';

/** An item surely not deleted: an upload ID, or `UPLOAD_ID/TRACK_ID` for a track. */
export interface FailedItem {
  readonly id: string;
  readonly reason: FailureReason;
}

/** The counts of a run, filled in as jobs finish; outputs and summary read only this. */
export class CleanupResult {
  /** What was selected for deletion; undefined until the selection is made. */
  selection: Selection | undefined;
  /** The environment deleted in, as looked up; undefined before the run starts. */
  environment: TargetEnvironment | undefined;
  /** True when nothing was to be deleted (`dry-run`). */
  dryRun = false;
  /** Deleted and not deleted, per kind of item. */
  readonly counts: Record<JobRecord['kind'], { successful: number; failed: number }> = {
    uploads: { successful: 0, failed: 0 },
    track: { successful: 0, failed: 0 },
  };
  readonly jobs: JobRecord[] = [];
  /** Items surely not deleted, with why: upload IDs, and `UPLOAD_ID/TRACK_ID` of tracks. */
  readonly failures: FailedItem[] = [];
  /** Deletion requests sent and never answered (the run stopped first): they may still take effect. */
  readonly unanswered: string[] = [];
  /** Lines for the warning annotation and the summary, e.g. why a track was not deleted. */
  readonly notes: string[] = [];
  /** True once the API answered that batch-destroy does not exist and bulk destroy was used. */
  usedBulkDestroy = false;
  /**
   * `verify`: uploads looked up after their job, and how many of those a job counted deleted
   * still existed. `enabled` is set from `verify`.
   */
  readonly verification = { enabled: false, checked: 0, contradicted: 0 };

  /** Uploads selected, with those that matched but were not listed (more than max-deletions). */
  get requestedUploads(): number {
    return (this.selection?.uploadIds.length ?? 0) + (this.selection?.unlisted ?? 0);
  }

  get requestedTracks(): number {
    return this.selection?.tracks.length ?? 0;
  }

  /** Uploads and tracks selected for deletion (the `selected` output). */
  get selected(): number {
    return this.requestedUploads + this.requestedTracks;
  }

  startJob(id: string, kind: JobRecord['kind'], items: number): JobRecord {
    const job: JobRecord = { id, kind, items, done: false };
    this.jobs.push(job);
    return job;
  }

  /** Adds what a job (or a request answered at once) deleted and failed to delete, and which failed why. */
  add(
    kind: JobRecord['kind'],
    successful: number,
    failed: number,
    job?: JobRecord,
    failures: readonly FailedItem[] = [],
  ): void {
    this.counts[kind].successful += successful;
    this.counts[kind].failed += failed;
    this.failures.push(...failures);
    if (job !== undefined) job.done = true;
  }

  /** The items surely not deleted (the `failed-ids` output). */
  get failedIds(): string[] {
    return this.failures.map((item) => item.id);
  }

  /** How many items failed for `reason`. */
  failedFor(reason: FailureReason): number {
    return this.failures.filter((item) => item.reason === reason).length;
  }

  /** Uploads and tracks deleted. */
  get successful(): number {
    return this.counts.uploads.successful + this.counts.track.successful;
  }

  /** Uploads and tracks not deleted. */
  get failed(): number {
    return this.counts.uploads.failed + this.counts.track.failed;
  }

  get jobIds(): string[] {
    return this.jobs.map((job) => job.id);
  }

  get pendingJobIds(): string[] {
    return this.jobs.filter((job) => !job.done).map((job) => job.id);
  }
}
