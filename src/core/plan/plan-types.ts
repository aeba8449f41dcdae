/**
 * What applying a plan works with: the plan as read, its uploads and environment, and what
 * checking it needs.
 */
import type { Criteria } from '../criteria/criteria.ts';
import type { TrackRef } from '../settings/settings.ts';
import type { Wording } from '../settings/wording.ts';
import type { PlanBinding } from './plan-binding.ts';

/** One upload of a plan, with what the plan's listing showed of its file. */
export interface PlannedUpload {
  readonly id: string;
  /** `md5` as listed when the plan was made; null when the listing gave none. */
  readonly md5: string | null;
  /** `size` as listed; null when the upload was not found or its size was not given. */
  readonly size: number | null;
}

/** The environment a plan was made in, as its report names it. */
export interface PlannedEnvironment {
  readonly id: string | null;
  readonly primary: boolean | null;
  readonly confirmed: boolean;
  readonly requested: string | null;
}

/** A dry run's report, read back as what an apply may delete, and nothing more. */
export interface Plan {
  /** `plan-file` as given, and resolved. */
  readonly file: string;
  readonly path: string;
  /** SHA-256 (hex) of the file as read. */
  readonly sha256: string;
  /** Its `startedAt`. */
  readonly madeAt: Date;
  readonly environment: PlannedEnvironment;
  readonly scope: 'ids' | 'library';
  /** The plan's criteria, rebuilt and checked as the inputs' are; `older-than` is absolute. */
  readonly criteria: Criteria;
  /** Its items of fate `selected`, in its order. */
  readonly uploads: readonly PlannedUpload[];
  readonly tracks: readonly TrackRef[];
  /** What holds it to what was reviewed: its seal, `plan-sha256`, or both. */
  readonly binding: PlanBinding;
  /** Items its dry run sealed that were taken out of the file since: not deleted. */
  readonly removed: number;
  /** What the run should warn of, e.g. a plan sealed with another token, bound by its SHA-256 alone. */
  readonly warnings: readonly string[];
}

/** What checking a plan needs besides the file. */
export interface PlanChecks {
  /** `plan-sha256`, lowercase; undefined when not given. */
  readonly sha256: string | undefined;
  /** `plan-max-age` in ms, and as written. */
  readonly maxAgeMs: number;
  readonly maxAge: string;
  readonly maxDeletions: number;
  readonly now: Date;
  readonly wording: Wording;
  /** Text no plan holds (a report never does): the API token. Never quoted. */
  readonly secret?: string | undefined;
  /** The API token, whose key checks the plan's seal. */
  readonly token: string;
}
