import type { TargetEnvironment } from '../cma/environment.ts';
import { type FailureReason } from '../select/failure-reason.ts';
import { ItemLedger, type Fate } from './item-ledger.ts';
import type { Selection, SkippedItem } from '../select/selection.ts';
import { type SavedBackup, type AppliedPlan } from './views.ts';
import { type JobRecord, type Settled, type FailedItem } from './jobs.ts';

/** The counts of a run, filled in as jobs finish; outputs and summary read only this. */
export class CleanupResult {
  /** What was selected for deletion; undefined until the selection is made. */
  selection: Selection | undefined;
  /** The environment deleted in, as looked up; undefined before the run starts. */
  environment: TargetEnvironment | undefined;
  /** True when nothing was to be deleted (`dry-run`). */
  dryRun = false;
  /** The plan the run applies (`plan-file`); undefined for a run that selects by itself. */
  plan: AppliedPlan | undefined;
  /** What `backup-dir` saved, once the backup started; undefined without a backup. */
  backup: SavedBackup | undefined;
  /** Deleted and not deleted, per kind of item. */
  readonly counts: Record<JobRecord['kind'], { successful: number; failed: number }> = {
    uploads: { successful: 0, failed: 0 },
    track: { successful: 0, failed: 0 },
  };
  readonly jobs: JobRecord[] = [];
  /** Every selected upload's fate, in selection order. */
  uploadItems = new ItemLedger([], 'pending');
  /** Every selected track's fate, by `UPLOAD_ID/TRACK_ID`. */
  trackItems = new ItemLedger([], 'pending');
  /** Failures jobs counted that cannot be named: among the items of fate `unknown`. */
  unnamedFailed = 0;
  /** Items surely not deleted, with why: upload IDs, and `UPLOAD_ID/TRACK_ID` of tracks. */
  readonly failures: FailedItem[] = [];
  /** Deletion requests sent and never answered (the run stopped first): they may still take effect. */
  readonly unanswered: string[] = [];
  /** The items of those requests: sent, never answered, so perhaps deleted. */
  readonly unansweredItems = new Set<string>();
  /** Lines for the warning annotation and the summary, e.g. why a track was not deleted. */
  readonly notes: string[] = [];
  /** True once the API answered that batch-destroy does not exist and bulk destroy was used. */
  usedBulkDestroy = false;
  /**
   * `verify`: uploads looked up after their job, and how many of those a job counted deleted
   * still existed. `enabled` is set from `verify`.
   */
  readonly verification = { enabled: false, checked: 0, contradicted: 0 };
  /**
   * `verify`: uploads whose job finished but whose lookup failed or was not trusted, so their
   * deletion could not be confirmed; `why` is the first such lookup, as its answer reads.
   */
  readonly unconfirmed: { uploads: number; why: string | undefined } = { uploads: 0, why: undefined };
  /**
   * `confirm-unused`: uploads whose references were read, those proven unused, those kept in use
   * by records, and those kept unconfirmed; undefined when no upload was confirmed.
   */
  confirmation: { checked: number; unused: number; inUse: number; notConfirmed: number } | undefined;
  /** Selected uploads found gone before their deletion was sent: failed, out of the selection's IDs. */
  private goneBeforeSending = 0;

  /**
   * Uploads selected, with those that matched but were not listed (more than max-deletions), and
   * those of the plan that were skipped.
   */
  get requestedUploads(): number {
    return (
      (this.selection?.uploadIds.length ?? 0) +
      (this.selection?.unlisted ?? 0) +
      this.skippedOf('upload') +
      this.goneBeforeSending
    );
  }

  get requestedTracks(): number {
    return (this.selection?.tracks.length ?? 0) + this.skippedOf('track');
  }

  /** How many planned uploads, or tracks, were skipped. */
  skippedOf(kind: SkippedItem['kind']): number {
    return this.skipped.filter((item) => item.kind === kind).length;
  }

  /** Why items were skipped, in words: changed since the plan, or their selection; or not proven unused. */
  get skippedWhy(): string {
    if (this.plan !== undefined) return 'changed since the plan';
    return this.confirmation === undefined
      ? 'changed since they were selected'
      : 'not proven unused, or changed since they were selected';
  }

  /** Applying a plan: its items skipped because they changed since, each with why (the `skipped` output). */
  get skipped(): readonly SkippedItem[] {
    return this.selection?.skipped ?? [];
  }

  /** Uploads and tracks selected for deletion (the `selected` output). */
  get selected(): number {
    return this.requestedUploads + this.requestedTracks;
  }

  /**
   * Records what was selected: every item starts `pending` (`selected` in a dry run), after
   * them come the plan's skipped ones.
   */
  select(selection: Selection): void {
    this.selection = selection;
    const fate: Fate = this.dryRun ? 'selected' : 'pending';
    const skipped = selection.skipped ?? [];
    // The selection's own ID list when nothing was skipped: a large run keeps no second copy.
    const withSkipped = (ids: readonly string[], kind: SkippedItem['kind']) => {
      const more = skipped.filter((item) => item.kind === kind).map((item) => item.id);
      return more.length === 0 ? ids : [...ids, ...more];
    };
    this.uploadItems = new ItemLedger(withSkipped(selection.uploadIds, 'upload'), fate);
    this.trackItems = new ItemLedger(
      withSkipped(
        selection.tracks.map((t) => `${t.uploadId}/${t.trackId}`),
        'track',
      ),
      fate,
    );
    for (const item of skipped) {
      this.itemsOf(item.kind === 'upload' ? 'uploads' : 'track').set(item.id, { fate: 'skipped', reason: item.reason });
    }
  }

  /**
   * Items a listing made after the selection (the backup's) showed changed: skipped with why,
   * out of what is to be deleted; never deleted.
   */
  skipSelected(items: readonly SkippedItem[]): void {
    const selection = this.selection;
    if (selection === undefined || items.length === 0) return;
    const leaving = new Set(items.map((item) => `${item.kind}:${item.id}`));
    this.selection = {
      ...selection,
      uploadIds: selection.uploadIds.filter((id) => !leaving.has(`upload:${id}`)),
      tracks: selection.tracks.filter((t) => !leaving.has(`track:${t.uploadId}/${t.trackId}`)),
      skipped: [...(selection.skipped ?? []), ...items],
    };
    for (const item of items) {
      this.itemsOf(item.kind === 'upload' ? 'uploads' : 'track').set(item.id, { fate: 'skipped', reason: item.reason });
    }
  }

  /**
   * Selected uploads found gone before their deletion was sent (`confirm-unused`'s 404): failed
   * with their reason, out of what is to be deleted, still counted as selected.
   */
  failSelected(failures: readonly FailedItem[]): void {
    const selection = this.selection;
    if (selection === undefined || failures.length === 0) return;
    const leaving = new Set(failures.map((item) => item.id));
    this.selection = { ...selection, uploadIds: selection.uploadIds.filter((id) => !leaving.has(id)) };
    this.goneBeforeSending += failures.length;
    this.settle('uploads', { deleted: [], failures });
  }

  /** A job was started at clock time `at` for `ids` (upload IDs, or one `UPLOAD_ID/TRACK_ID`). */
  startJob(id: string, kind: JobRecord['kind'], ids: readonly string[], at: number): JobRecord {
    const job: JobRecord = { id, kind, items: ids.length, done: false, submittedAt: at };
    const index = this.jobs.push(job) - 1;
    const items = this.itemsOf(kind);
    for (const itemId of ids) items.set(itemId, { job: index });
    return job;
  }

  /**
   * Adds what a job (or a request answered at once, or a refusal) settled: the counts follow
   * from the items, so that the outputs can always be recomputed from the report.
   */
  settle(kind: JobRecord['kind'], settled: Settled, job?: JobRecord): void {
    const unknown = settled.unknown ?? { ids: [], failed: 0 };
    this.counts[kind].successful += settled.deleted.length + unknown.ids.length - unknown.failed;
    this.counts[kind].failed += settled.failures.length + unknown.failed;
    this.unnamedFailed += unknown.failed;
    this.failures.push(...settled.failures);
    // Each item already names its job: `startJob` recorded it.
    const items = this.itemsOf(kind);
    const verified = settled.verified === true;
    for (const id of settled.deleted) items.set(id, { fate: 'deleted', verified });
    for (const { id, reason } of settled.failures) items.set(id, { fate: 'failed', reason, verified });
    for (const id of unknown.ids) items.set(id, { fate: 'unknown', verified });
    if (job !== undefined) job.done = true;
  }

  private itemsOf(kind: JobRecord['kind']): ItemLedger {
    return kind === 'uploads' ? this.uploadItems : this.trackItems;
  }

  /** The items surely not deleted (the `failed-ids` output). */
  get failedIds(): string[] {
    return this.failures.map((item) => item.id);
  }

  /** The IDs of the items not deleted, by reason, reasons in the order they first came. */
  failuresByReason(): Map<FailureReason, string[]> {
    return byReason(this.failures);
  }

  /** Applying a plan: the IDs of the skipped items, by reason, reasons in the order they first came. */
  skippedByReason(): Map<SkippedItem['reason'], string[]> {
    return byReason(this.skipped);
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

/** The IDs of `items`, by reason, reasons in the order they first came. */
function byReason<R>(items: readonly { readonly id: string; readonly reason: R }[]): Map<R, string[]> {
  const grouped = new Map<R, string[]>();
  for (const { id, reason } of items) {
    const ids = grouped.get(reason);
    if (ids === undefined) grouped.set(reason, [id]);
    else ids.push(id);
  }
  return grouped;
}
