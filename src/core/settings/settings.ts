import { type Criteria } from '../criteria/criteria.ts';

/** One upload track to delete: `UPLOAD_ID/TRACK_ID` in the `upload-tracks` input. */
export interface TrackRef {
  readonly uploadId: string;
  readonly trackId: string;
}

/** Everything the action needs, built once from the raw inputs and validated before any request. */
export interface Settings {
  /** CMA API token (`api-token`, required). Masked before anything is logged. */
  readonly apiToken: string;
  /** Upload IDs to delete (`upload-ids`), in input order, without duplicates. Default: none. */
  readonly uploadIds: readonly string[];
  /** Upload tracks to delete (`upload-tracks`), in input order, without duplicates. Default: none. */
  readonly uploadTracks: readonly TrackRef[];
  /** Uploads whose every track is to be deleted (`UPLOAD_ID/*` in `upload-tracks`). Default: none. */
  readonly allTracksOf: readonly string[];
  /** Where the criteria apply (`scope`): `ids` narrows `upload-ids`, `library` selects from the whole media library. Default `ids`. */
  readonly scope: 'ids' | 'library';
  /** `filter`, `query`, `only-unused` and `older-than`, merged. Default: none. */
  readonly criteria: Criteria;
  /** Most uploads and tracks one run may delete (`max-deletions`); more fails before deleting. Default 1000. */
  readonly maxDeletions: number;
  /** Select and report, delete nothing (`dry-run`). Default false. */
  readonly dryRun: boolean;
  /** Sandbox environment sent as `X-Environment` (`environment`); undefined = primary. */
  readonly environment: string | undefined;
  /** Fail the step when any deletion failed (`fail-on-failed`). Default false. */
  readonly failOnFailed: boolean;
  /** Milliseconds to wait for all the jobs to finish (`job-timeout`, in seconds). Default 600 s. */
  readonly jobTimeoutMs: number;
  /** API origin, without a trailing slash (`base-url`). Default https://site-api.datocms.com. */
  readonly baseUrl: string;
  /**
   * How uploads are deleted (`delete-endpoint`): `auto` tries `DELETE /uploads/batch-destroy`
   * and switches to `POST /uploads/bulk/destroy` once the API says the route is gone;
   * `batch-destroy` and `bulk-destroy` use only that one. Default `auto`.
   */
  readonly deleteEndpoint: DeleteEndpoint;
  /**
   * After each upload job reports success, confirm with `GET /uploads?filter[ids]=...` that its
   * uploads are gone (`verify`): what still exists counts as failed, whatever the job said.
   * One more request per 200 uploads. Default false.
   */
  readonly verify: boolean;
  /** `upload-ids-file` as given (relative paths start at the workspace); undefined when unset. */
  readonly uploadIdsFile: string | undefined;
  /** `upload-tracks-file` as given; undefined when unset. */
  readonly uploadTracksFile: string | undefined;
  /** `report-file` as given; undefined = `datocms-media-cleanup-report.json` in the run's temporary folder. */
  readonly reportFile: string | undefined;
  /** `backup-dir` as given: where every selected item is saved before its deletion; undefined = no backup. */
  readonly backupDir: string | undefined;
  /** `backup-max-bytes`: the most the selected uploads' listed sizes may add up to when backing up. Default 5 GB. */
  readonly backupMaxBytes: number;
}

export type DeleteEndpoint = 'auto' | 'batch-destroy' | 'bulk-destroy';

/** Reads one raw input by its action.yml name; '' when unset (as `core.getInput` does). */
export type InputReader = (name: string) => string;

export const DEFAULT_BASE_URL = 'https://site-api.datocms.com';

/** Most deletions one run may make unless `max-deletions` says otherwise. */
export const DEFAULT_MAX_DELETIONS = 1000;

/** `plan-max-age` unless given: a plan a week old is still the library a reviewer saw, more or less. */
export const DEFAULT_PLAN_MAX_AGE = '7d';
