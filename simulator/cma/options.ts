import type { SeedUpload } from '../common/types.ts';

/** A fault the random fault generator can pick. */
export type RandomFaultKind = 'html-502' | 'html-503' | 'reset' | 'slow' | 'lost-answer';

/**
 * Options of {@link startSimulator} that shape the CMA: every one but the asset host's port (see
 * `SimulatorOptions`). Every field is optional.
 */
export interface CmaOptions {
  /** Valid full-access API token. Default `'sim-token'`. */
  token?: string;
  /** Valid tokens whose role may not delete uploads: deletions get 403 INSUFFICIENT_PERMISSIONS. Default `[]`. */
  forbiddenTokens?: string[];
  /** Sandbox environment names accepted in `X-Environment` besides the primary one. Default `[]`. */
  environments?: string[];
  /**
   * The primary environment's real ID: `X-Environment` with it targets the primary, as no header
   * does, and `GET /environments` lists it with `meta.primary: true`. Default `'main'`.
   */
  primaryEnvironment?: string;
  /**
   * Environments (sandbox names, or the primary's ID) in read-only mode: listed with
   * `meta.read_only_mode: true`, and every deletion in them gets 422
   * `ENVIRONMENT_IN_READ_ONLY_MODE`. Default `[]`.
   */
  readOnlyEnvironments?: string[];
  /**
   * What `GET /environments` and `GET /environments/:id` show (UNVERIFIED for a token whose role
   * sees only sandboxes). `'all'`: every environment. `'refused'`: 403
   * `INSUFFICIENT_PERMISSIONS` for both. `'sandboxes-only'`: the primary is left out of the list
   * and is 404 `NOT_FOUND` by ID. Default `'all'`.
   */
  environmentLookup?: 'all' | 'refused' | 'sandboxes-only';
  /**
   * How a track deletion in a sandbox is answered (the error code is documented, its status
   * UNVERIFIED). `'refuse'`: 422 `IMMUTABLE_UPLOAD_TRACKS_IN_SANDBOX_ENVIRONMENT` at once.
   * `'refuse-in-job'`: a job starts and fails with that error (`attributes.status` 422).
   * `'allow'`: deleted like in the primary (the old behaviour). Default `'refuse'`.
   */
  sandboxTracks?: 'refuse' | 'refuse-in-job' | 'allow';
  /** Initial media library of every environment (each gets its own copy). A number n seeds `uploadId(0..n-1)`. Default `0`. */
  uploads?: number | SeedUpload[];
  /** Time from submission until a job result is ready. Default `50`. */
  jobLatencyMs?: number;
  /** Request budget. `false` disables it. Default `{ limit: 60, windowMs: 3000, mode: 'fixed' }`. */
  rateLimit?: RateLimitOptions | false;
  /** Most distinct ids accepted in one batch or bulk request; more get 422 INVALID_PARAMS. Default `200`. */
  maxIdsPerRequest?: number;
  /**
   * Whether `DELETE /uploads/batch-destroy` exists (UNVERIFIED: it left the published schema), and
   * if not, how its absence is answered. `true`: it exists. `false` or `'as-upload-id'`: the path
   * falls through to `DELETE /uploads/:id`, which answers 404 `NOT_FOUND` naming the upload ID
   * `batch-destroy`. `'not-found'`: a bare 404 `NOT_FOUND`. `'invalid-id'`: 422
   * `INVALID_ENTITY_ID` naming `batch-destroy`. `'method-not-allowed'`: 405 with an empty body.
   * Default `true`.
   */
  batchDestroy?: boolean | BatchDestroyGone;
  /**
   * What a deletion does to an upload that records use (UNVERIFIED: most likely refused).
   * `'count-failed'`: the job counts it failed and keeps it. `'refuse-request'`: a batch or bulk
   * request naming one gets 422 `UPLOAD_IS_CURRENTLY_IN_USE` and nothing of it is deleted.
   * `'delete'`: deleted like any other. `DELETE /uploads/:id` answers 422 `DELETE_RESTRICTION`
   * for it unless `'delete'`. Default `'count-failed'`.
   */
  inUseUploads?: 'count-failed' | 'refuse-request' | 'delete';
  /**
   * What the `in_use` filter of `GET /uploads` counts (UNVERIFIED: the docs do not say whether
   * drafts count). `'any-version'`: an upload with any reference (or the `inUse` seed flag) is in
   * use. `'published-only'`: only references in a published version (`'published'`, `'both'`)
   * count, so an upload only a draft links is listed as unused while its references are not empty.
   * Default `'any-version'`.
   */
  inUseFilter?: InUseFilter;
  /**
   * How unknown ids in a batch are treated (UNVERIFIED API behaviour). `'count-failed'`: counted
   * failed in the job; `'reject-request'`: the request gets 422 INVALID_PARAMS; `'not-found'`:
   * the request gets 404 NOT_FOUND. Default `'count-failed'`.
   */
  unknownIds?: 'count-failed' | 'reject-request' | 'not-found';
  /**
   * What `GET /uploads` does with a `filter[...]` it does not know (UNVERIFIED): `'refuse'` (422)
   * or `'ignore'` (as if it were not there). Default `'refuse'`.
   */
  unknownFilters?: 'refuse' | 'ignore';
  /**
   * UNVERIFIED: documented filter fields whose conditions `GET /uploads` reads and does not apply,
   * as an API that ignores a field would (e.g. `['tags']`). Default `[]`.
   */
  ignoredFilterFields?: string[];
  /**
   * How `GET /uploads` answers, to test a client against broken or hostile listings. `'honest'`:
   * as documented. `'endless'`: every page is full of new uploads that do not exist, and
   * `total_count` is 1e12. `'repeat-pages'`: every offset answers the first page, and
   * `total_count` is twice the real count. `'no-total-count'`: `meta` without `total_count`.
   * `'not-uploads'`: the first entry of each page is not an upload object. Default `'honest'`.
   */
  listing?: ListingBehaviour;
  /** Upload ids that exist but that jobs fail to delete (e.g. referenced by records). Default `[]`. */
  undeletable?: string[];
  /** Seeded random faults: that fraction of requests gets one of `kinds`. Default: none. */
  randomFaults?: RandomFaultOptions;
  /** TCP port on 127.0.0.1. Default `0` (ephemeral). */
  port?: number;
  /**
   * The `md5` attribute uploads list. `'real'`: the md5 (hex) of the bytes the asset host serves,
   * computed the first time it is needed. `'none'`: `null`, as an API that gives none would.
   * Default `'real'`.
   */
  md5?: 'real' | 'none';
}

export type BatchDestroyGone = 'as-upload-id' | 'not-found' | 'invalid-id' | 'method-not-allowed';

export type ListingBehaviour = 'honest' | 'endless' | 'repeat-pages' | 'no-total-count' | 'not-uploads';

export interface RateLimitOptions {
  limit: number;
  windowMs: number;
  /** `'fixed'`: a window opens at the first request; `'sliding'`: the last `windowMs`. Default `'fixed'`. */
  mode?: 'fixed' | 'sliding';
}

export interface RandomFaultOptions {
  /** Fraction of requests, 0..1. */
  rate: number;
  seed: number;
  /** Default: all four kinds. */
  kinds?: RandomFaultKind[];
  /** Delay of a `'slow'` fault. Default `1000`. */
  slowMs?: number;
}

/** What the `in_use` filter counts: see `CmaOptions.inUseFilter`. */
export type InUseFilter = 'any-version' | 'published-only';
