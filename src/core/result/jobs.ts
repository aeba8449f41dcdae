/** The run's jobs and what each settled, item by item: what deletion writes into the result. */
import { type FailureReason } from '../select/failure-reason.ts';

/** One job of the run: what it was started for and, once done, what it did. */
export interface JobRecord {
  readonly id: string;
  /** 'uploads' for a batch or bulk destroy, 'track' for a track deletion. */
  readonly kind: 'uploads' | 'track';
  /** How many uploads or tracks it was asked to delete. */
  readonly items: number;
  done: boolean;
  /** Clock time of its submission's answer. */
  readonly submittedAt: number;
  /** Clock time its result was read; undefined while it runs. */
  finishedAt?: number;
  /** The job result's `attributes.status`. */
  status?: number;
  /** The counts it reported (`payload.meta`), when they were whole numbers. */
  reported?: { readonly successful: number; readonly failed: number };
  /** Why its counts were not used (impossible, missing, the job failed). */
  countsIgnored?: string;
  /** `verify`: uploads it reported deleted that still existed. */
  contradicted?: number;
}

/** What one job (or a request answered at once, or a refusal) settled, item by item. */
export interface Settled {
  readonly deleted: readonly string[];
  readonly failures: readonly FailedItem[];
  /** Items gone after a job that counted `failed` of them failed: which is unknown. */
  readonly unknown?: { readonly ids: readonly string[]; readonly failed: number } | undefined;
  /** The items were looked up after the job (`verify`). */
  readonly verified?: boolean;
}

/** An item surely not deleted: an upload ID, or `UPLOAD_ID/TRACK_ID` for a track. */
export interface FailedItem {
  readonly id: string;
  readonly reason: FailureReason;
}
