/** A fault the random fault generator can pick. */
export type RandomFaultKind = 'html-502' | 'html-503' | 'reset' | 'slow' | 'lost-answer';

/** Options of {@link startSimulator}. Every field is optional. */
export interface SimulatorOptions {
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
  /** TCP port of the https asset host on 127.0.0.1. Default `0` (ephemeral). */
  assetPort?: number;
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

export interface SeedTrack {
  id: string;
  /** Default `'subtitles'`. */
  type?: 'subtitles' | 'audio';
  /** Default `'Track <id>'`. */
  name?: string;
  /** Default `'en'`. */
  languageCode?: string;
}

/**
 * `default_field_metadata` as the docs give it: `alt`, `title` and `custom_data` keyed by locale,
 * `focal_point` and `poster_time` one value per asset. A key left out lists its empty value.
 */
export interface DefaultFieldMetadata {
  alt?: Record<string, string | null>;
  title?: Record<string, string | null>;
  custom_data?: Record<string, Record<string, unknown>>;
  focal_point?: { x: number; y: number } | null;
  poster_time?: number | null;
}

export interface SeedUpload {
  id: string;
  /** Default `'<id>.jpg'`. */
  filename?: string;
  /** Bytes. Default: the length of `content`, else `1024`. */
  size?: number;
  /**
   * The file's bytes (a string is UTF-8). Default: `size` bytes generated from the id, the same
   * in every run.
   */
  content?: string | Uint8Array;
  /** Default `null`. */
  author?: string | null;
  /** Default `null`. */
  copyright?: string | null;
  /** Default `null`. */
  notes?: string | null;
  /** Default: every key empty (`{ alt: {}, title: {}, custom_data: {}, focal_point: null, poster_time: null }`). */
  defaultFieldMetadata?: DefaultFieldMetadata;
  /** ID of the upload collection the upload is in. Default `null`. */
  uploadCollection?: string | null;
  /** Default: told from the filename's extension (`application/octet-stream` if unknown). */
  mimeType?: string;
  /** Pixels, listed as `width` and `height` (and read by the `orientation` and `resolution` filters). Default `null`. */
  width?: number | null;
  height?: number | null;
  /** ISO 8601. Default `'2024-01-01T00:00:00.000Z'`. */
  createdAt?: string;
  /** Default `[]`. */
  tags?: string[];
  /** Referenced by records; only visible through the `in_use` filter. Default `false`. */
  inUse?: boolean;
  /** Default `[]`. */
  tracks?: SeedTrack[];
  /**
   * Attributes listed instead of the real ones, as a broken API might (e.g. `{ created_at:
   * undefined }` lists no `created_at`, while filters still use `createdAt`). Default: none.
   */
  listedAttributes?: Record<string, unknown>;
}

export interface Deletion {
  kind: 'upload' | 'track';
  /** `'primary'` or the sandbox name. */
  environment: string;
  uploadId: string;
  trackId?: string;
  /** The job that deleted it; `''` for the synchronous `DELETE /uploads/:id`. */
  jobId: string;
}

export interface RecordedRequest {
  /** Arrival, in ms since the simulator started. */
  time: number;
  method: string;
  /** Pathname, percent-decoded. */
  path: string;
  /** Decoded query parameters, e.g. `{ 'filter[ids]': 'a,b' }` (last value wins). */
  query: Record<string, string>;
  /** The query string as sent (without `?`), e.g. to read a repeated `key[]` with `URLSearchParams.getAll`. */
  search: string;
  /** Lowercased names, values as received (authorization included). */
  headers: Record<string, string>;
  body: string;
  /** `X-Environment` as sent, or `'primary'`. */
  environment: string;
  /** Status answered; `0` while pending or when the connection was dropped. */
  status: number;
  /** When the answer was sent, in ms since the simulator started; `0` while pending or dropped. */
  answeredAt: number;
}

export interface FaultMatch {
  method?: string;
  /** A string matches as a pathname prefix; a RegExp is tested against the pathname. */
  path?: string | RegExp;
}

export interface Fault {
  /** Omitted: any request. */
  match?: FaultMatch;
  /** How many matching requests it applies to. Default `1`. */
  times?: number;
  /** Matching requests to let through untouched before it applies. Default `0`. */
  after?: number;
  /** Answer this status instead of the real handling. */
  status?: number;
  /** Body of the `status` answer. Default: a small HTML page for 5xx, empty otherwise. */
  body?: string;
  /** Default `'text/html; charset=utf-8'`. */
  contentType?: string;
  headers?: Record<string, string>;
  /** Wait before answering (then normal handling unless `status` or `drop` is given). */
  delayMs?: number;
  /** Destroy the socket without answering. */
  drop?: boolean;
  /** Handle the request for real (a job may start, uploads may go), then destroy the socket instead of answering. */
  loseAnswer?: boolean;
  /** The job the request starts completes with this `attributes.status` and an error payload; nothing deleted. */
  jobStatus?: number;
  /** The job the request starts takes this long (1e9: never finishes). */
  jobLatencyMs?: number;
  /** The job the request starts does its work, then reports this `attributes.payload` instead of its own. */
  jobPayload?: unknown;
  /** The job the request starts reports every item deleted (status 200, true-looking counts) and deletes nothing. */
  jobLies?: boolean;
  /**
   * Runs once the request was handled, before its answer is sent: a change to the library made
   * right after the API answered (e.g. a file replaced between two listings of a run).
   */
  andThen?: () => void;
}

export interface JobInfo {
  id: string;
  kind: JobKind;
  done: boolean;
}

export type JobKind = 'batch' | 'bulk' | 'track' | 'create';

/** An upload created by `POST /uploads`, appended when its job completes. */
export interface Creation {
  /** `'primary'` or the sandbox name. */
  environment: string;
  uploadId: string;
  /** The `path` the request named (the upload request's id). */
  path: string;
  jobId: string;
}

export type AssetFaultKind = 'slow' | 'truncate' | 'wrong-bytes' | 'status' | 'redirect' | 'no-length' | 'endless';

/**
 * A fault of the asset host (`Simulator.injectAsset`). On a download (GET): `slow` pauses before
 * the answer and between its body's chunks, `delayMs` in all; `truncate` announces the whole
 * `Content-Length`, sends about half and destroys the socket; `wrong-bytes` sends as many bytes,
 * but not the file's; `status` answers `status` with an S3-like XML error; `redirect` answers 302
 * to `to`; `no-length` sends the file whole without `Content-Length` (chunked); `endless` sends
 * no `Content-Length` and bytes without end, until the client goes. On a storage PUT: `slow` waits `delayMs` before answering; `truncate` destroys the
 * socket without answering, nothing stored; `wrong-bytes` stores other bytes of the same length and
 * answers 200 with their md5 as `ETag`; `status` and `redirect` (307) as on a GET, nothing stored;
 * `no-length` and `endless` change nothing.
 */
export interface AssetFault {
  /** Omitted: any asset request. A fault naming `uploadId` matches only that upload's downloads. */
  match?: { uploadId?: string; method?: string };
  /** How many matching requests it applies to. Default `1`. */
  times?: number;
  kind: AssetFaultKind;
  /** `slow`: the whole pause. Default `1000`. */
  delayMs?: number;
  /** `status`: the status answered. Default `403`. */
  status?: number;
  /**
   * `redirect`: `'https'` (the same URL on the asset host: following it works), `'http'` (the same
   * path over plain http on the asset host's port: a client must refuse it, nothing answers
   * there), or any URL. Default `'https'`.
   */
  to?: string;
}

/** A JSON:API `upload` resource as the API lists it. */
export interface UploadResource {
  id: string;
  type: 'upload';
  attributes: Record<string, unknown>;
  relationships: { upload_collection: { data: { type: 'upload_collection'; id: string } | null } };
}

export interface SimulatorStats {
  requests: number;
  byStatus: Record<number, number>;
  rateLimited: number;
  faults: number;
}

export interface Simulator {
  /** `'http://127.0.0.1:PORT'`. */
  url: string;
  /** The asset host's origin, `'https://127.0.0.1:PORT'`: every upload's `url` starts with it. */
  assetUrl: string;
  /** Every request, in arrival order. */
  requests: RecordedRequest[];
  /** Every request to the asset host (downloads and storage PUTs), in arrival order. */
  assetRequests: RecordedRequest[];
  /** Every upload and track actually deleted, in order of deletion. */
  deletions: Deletion[];
  /** Every upload created by `POST /uploads`, in order of creation. */
  creations: Creation[];
  stats(): SimulatorStats;
  uploadExists(id: string, environment?: string): boolean;
  trackExists(uploadId: string, trackId: string, environment?: string): boolean;
  /** Adds an upload, or replaces the one with its ID (its file, tags, in_use... as `upload` says). */
  addUpload(upload: SeedUpload, environment?: string): void;
  /**
   * Removes an upload as someone else would (another script, the UI): not a deletion of this
   * client's, so not in `deletions`. False when it was not there.
   */
  removeUpload(id: string, environment?: string): boolean;
  /** Removes one track of an upload, the same way. */
  removeTrack(uploadId: string, trackId: string, environment?: string): boolean;
  /** Queued; applies to the next `times` matching requests. */
  inject(fault: Fault): void;
  /** Queued; applies to the next `times` matching requests to the asset host. */
  injectAsset(fault: AssetFault): void;
  /** The bytes the asset host serves for that upload; undefined when it is not in that environment. */
  uploadFile(id: string, environment?: string): Buffer | undefined;
  /** The upload as `GET /uploads` lists it; undefined when it is not in that environment. */
  uploadResource(id: string, environment?: string): UploadResource | undefined;
  /** Every upload of that environment as listed, in listing order. */
  uploads(environment?: string): UploadResource[];
  jobs(): JobInfo[];
  /** Closes both servers and every socket, clears timers. */
  close(): Promise<void>;
}
