import type { NonEmpty } from '../common/chunk.ts';
import { type TrackRef } from '../settings/settings.ts';
import type { QueryParams } from './cma-http.ts';
import type { UploadListing } from './upload-listing.ts';

/** Most IDs per batch request or `filter[ids]` listing: the documented bulk limit (UNVERIFIED for uploads, so never more). */
export const MAX_IDS_PER_REQUEST = 200;

/** A finished job: `attributes.status` and `attributes.payload` of a job_result. */
export interface JobResult {
  readonly status: number;
  readonly payload: unknown;
}

/** What a deletion request started: a job to poll, or (any endpoint may answer at once) its result. */
export type Submission =
  { readonly jobId: string; readonly retried: boolean } | { readonly result: JobResult; readonly retried: boolean };

/** `DELETE /uploads/batch-destroy` does not exist on this API (see `saysRouteGone`); nothing was started. */
export interface RouteGone {
  readonly routeGone: true;
  /** The answer, e.g. `404 NOT_FOUND`, for the log. */
  readonly answer: string;
  /** The request was sent more than once: an earlier attempt may have deleted the uploads. */
  readonly retried: boolean;
}

/** A 404 for the item itself; `retried` says an earlier attempt may have deleted it. */
export interface NotFound {
  readonly notFound: true;
  readonly retried: boolean;
}

/** The CMA calls the action makes. Every method throws CmaApiError or NetworkError on failure. */
export interface CmaClient {
  /**
   * `DELETE /uploads/batch-destroy`; `routeGone` when the API says the route does not exist,
   * unless `routeSeen` (the route answered as existing before): then that answer is an error.
   */
  batchDestroyUploads(ids: NonEmpty<string>, routeSeen: boolean): Promise<Submission | RouteGone>;
  /** `POST /uploads/bulk/destroy`. */
  bulkDestroyUploads(ids: NonEmpty<string>): Promise<Submission>;
  /** `DELETE /uploads/:upload_id/tracks/:track_id`; `notFound` when the upload or track is unknown. */
  deleteUploadTrack(track: TrackRef): Promise<Submission | NotFound>;
  /** `GET /job-results/:id`; undefined while the job runs. */
  getJobResult(jobId: string): Promise<JobResult | undefined>;
  /** `GET /uploads?filter[ids]=...`: which of `ids` exist now. */
  existingUploads(ids: NonEmpty<string>): Promise<Set<string>>;
  /**
   * `GET /uploads?filter[ids]=...&filter[fields][in_use][eq]=true`: which of `ids` records use
   * (with `inUse` false, which of them the API lists as unused).
   */
  uploadsInUse(ids: NonEmpty<string>, inUse?: boolean): Promise<Set<string>>;
  /**
   * `GET /uploads` with `filter` (query parameters): every page when at most `most` match, only
   * the first one otherwise (see `readListing`). Each upload keeps the attributes named in
   * `keep` (those its criteria are proven on).
   */
  listUploads(filter: QueryParams, most: number, keep?: readonly string[]): Promise<UploadListing>;
  /** `GET /uploads?page[limit]=1`: how many uploads the media library holds. */
  countUploads(): Promise<number>;
  /**
   * `GET /uploads/:id/references?version=published-or-current&nested=true`: the records that
   * link the upload, counted and the first few named; `notFound` when the upload is unknown.
   */
  uploadReferences(uploadId: string): Promise<UploadReferences | NotFound>;
  /** `GET /uploads/:id/tracks`; undefined when the upload is unknown. */
  listTracks(uploadId: string): Promise<TrackInfo[] | undefined>;
  /**
   * `GET /uploads?filter[ids]=...`: each of `ids` the API lists, as the JSON:API resource it
   * listed (every attribute and relationship), for a backup. Uploads not asked for are left out.
   */
  uploadResources(ids: NonEmpty<string>): Promise<Map<string, UploadResource>>;
  /** `POST /upload-requests`: where to put a file's bytes before `createUpload`. */
  createUploadRequest(filename: string): Promise<UploadRequest>;
  /** `POST /uploads` (sent once: a retry could create the upload twice): the job that creates it. */
  createUpload(body: Readonly<Record<string, unknown>>): Promise<Submission>;
  /** `GET /environments/:id`, sent without `X-Environment`; undefined when there is no such environment. */
  getEnvironment(id: string): Promise<EnvironmentInfo | undefined>;
  /** `GET /environments`, sent without `X-Environment`. */
  listEnvironments(): Promise<EnvironmentInfo[]>;
}

/** What the action needs of an environment: https://www.datocms.com/docs/content-management-api/resources/environment */
export interface EnvironmentInfo {
  /** The real ID, e.g. `main` for a primary. */
  readonly id: string;
  readonly primary: boolean;
  /** `meta.read_only_mode`: every write is refused. */
  readonly readOnly: boolean;
}

/** A storage slot for one file: `PUT` its bytes to `url` with `headers`, then create the upload with `path`. */
export interface UploadRequest {
  readonly path: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** The records that link an upload: how many, and the first few (ID and, when given, its model). */
export interface UploadReferences {
  readonly total: number;
  readonly records: readonly { readonly id: string; readonly itemType: string | undefined }[];
}

/** What the summary shows of an upload track, and what a backup keeps of it. */
export interface TrackInfo {
  readonly uploadId: string;
  readonly trackId: string;
  readonly name: string | undefined;
  /** `type`, `language_code` and `closed_captions` as listed, when they were of the right kind. */
  readonly details?: TrackDetails;
}

export interface TrackDetails {
  readonly type: string | null;
  readonly languageCode: string | null;
  readonly closedCaptions: boolean | null;
}

/** An upload as `GET /uploads` lists it: `{ id, type: 'upload', attributes, relationships? }`. */
export type UploadResource = Readonly<Record<string, unknown>> & { readonly id: string };
