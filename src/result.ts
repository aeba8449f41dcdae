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

/** The counts of a run, filled in as jobs finish; outputs and summary read only this. */
export class CleanupResult {
  /** What was selected for deletion; undefined until the selection is made. */
  selection: Selection | undefined;
  /** True when nothing was to be deleted (`dry-run`). */
  dryRun = false;
  /** Deleted and not deleted, per kind of item. */
  readonly counts: Record<JobRecord['kind'], { successful: number; failed: number }> = {
    uploads: { successful: 0, failed: 0 },
    track: { successful: 0, failed: 0 },
  };
  readonly jobs: JobRecord[] = [];
  /** Items surely not deleted: upload IDs that still exist, and `UPLOAD_ID/TRACK_ID` of tracks. */
  readonly failedIds: string[] = [];
  /** Lines for the warning annotation and the summary, e.g. why a track was not deleted. */
  readonly notes: string[] = [];
  /** True once the API answered that batch-destroy does not exist and bulk destroy was used. */
  usedBulkDestroy = false;

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

  /** Adds what a job (or a request answered at once) deleted and failed to delete. */
  add(
    kind: JobRecord['kind'],
    successful: number,
    failed: number,
    job?: JobRecord,
    failedIds: readonly string[] = [],
  ): void {
    this.counts[kind].successful += successful;
    this.counts[kind].failed += failed;
    this.failedIds.push(...failedIds);
    if (job !== undefined) job.done = true;
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
