import type { NonEmpty } from '../common/chunk.ts';
import { CmaApiError, UnexpectedAnswerError } from '../common/errors.ts';
import { firstApiError, type CmaHttp, type CmaResponse, type QueryParams } from './cma-http.ts';
import { isRecord } from '../common/guards.ts';
import { saysRouteGone } from './route-gone.ts';
import { firstOf } from '../common/short-list.ts';
import { type TrackRef } from '../settings/settings.ts';
import { isEnvironmentId } from '../settings/item-ids.ts';
import { LIST_CONCURRENCY, LIST_PAGE_LIMIT, parsePage, readListing, type UploadListing } from './upload-listing.ts';

export type { UploadInfo, UploadListing } from './upload-listing.ts';

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

export function createCmaClient(http: CmaHttp): CmaClient {
  return {
    async batchDestroyUploads(ids, routeSeen) {
      const request = 'DELETE /uploads/batch-destroy';
      const gone = (error: CmaApiError): RouteGone | undefined =>
        !routeSeen && saysRouteGone(error, ids)
          ? { routeGone: true, answer: error.answer, retried: error.retried }
          : undefined;
      let res: CmaResponse;
      try {
        const query = { 'filter[ids]': joinIds(ids) };
        res = await http({
          method: 'DELETE',
          path: '/uploads/batch-destroy',
          query,
          deletes: uploadsNamed(ids),
          deletesIds: ids,
        });
      } catch (error) {
        const routeGone = error instanceof CmaApiError ? gone(error) : undefined;
        if (routeGone !== undefined) return routeGone;
        throw error;
      }
      if (res.status !== 404) return submission(request, res);
      const notFound = apiErrorOf(request, res);
      const routeGone = gone(notFound);
      if (routeGone !== undefined) return routeGone;
      throw notFound;
    },

    async bulkDestroyUploads(ids) {
      joinIds(ids);
      const uploads = ids.map((id) => ({ type: 'upload', id }));
      const res = await http({
        method: 'POST',
        path: '/uploads/bulk/destroy',
        body: { data: { type: 'upload_bulk_destroy_operation', relationships: { uploads: { data: uploads } } } },
        deletes: uploadsNamed(ids),
        deletesIds: ids,
      });
      return submission('POST /uploads/bulk/destroy', expectFound('POST /uploads/bulk/destroy', res));
    },

    async deleteUploadTrack({ uploadId, trackId }) {
      const path = `/uploads/${encodeURIComponent(uploadId)}/tracks/${encodeURIComponent(trackId)}`;
      const track = `${uploadId}/${trackId}`;
      const res = await http({ method: 'DELETE', path, deletes: `track ${track}`, deletesIds: [track] });
      if (res.status !== 404) return submission(`DELETE ${path}`, res);
      // A 404 about something else (the environment, a sandbox's tracks) is that answer, not "no such track".
      if (!isPlainNotFound(res)) throw apiErrorOf(`DELETE ${path}`, res);
      return { notFound: true, retried: res.retried };
    },

    async getJobResult(jobId) {
      const res = await http({ method: 'GET', path: `/job-results/${encodeURIComponent(jobId)}` });
      if (res.status === 404 && isPlainNotFound(res)) return undefined; // still running
      if (res.status === 404) throw apiErrorOf(`GET /job-results/${jobId}`, res);
      return jobResult(`GET /job-results/${jobId}`, res.body);
    },

    existingUploads(ids) {
      return listedAmong(this, ids, {});
    },

    uploadsInUse(ids, inUse = true) {
      return listedAmong(this, ids, { 'filter[fields][in_use][eq]': String(inUse) });
    },

    listUploads(filter, most, keep = []) {
      return readListing(
        async (offset) => {
          const query = { ...filter, 'page[offset]': String(offset), 'page[limit]': String(LIST_PAGE_LIMIT) };
          const res = await http({ method: 'GET', path: '/uploads', query, maxBodyBytes: MAX_PAGE_BYTES });
          return expectFound('GET /uploads', res).body;
        },
        most,
        LIST_CONCURRENCY,
        keep,
      );
    },

    async countUploads() {
      const query = { 'page[limit]': '1' };
      const res = expectFound('GET /uploads', await http({ method: 'GET', path: '/uploads', query }));
      return parsePage(res.body).total;
    },

    async listTracks(uploadId) {
      const path = `/uploads/${encodeURIComponent(uploadId)}/tracks`;
      const res = await http({ method: 'GET', path });
      if (res.status === 404 && isPlainNotFound(res)) return undefined;
      if (res.status === 404) throw apiErrorOf(`GET ${path}`, res);
      return trackList(`GET ${path}`, uploadId, res.body);
    },

    async uploadResources(ids) {
      const query = { 'filter[ids]': joinIds(ids), 'page[limit]': String(LIST_PAGE_LIMIT) };
      const res = await http({ method: 'GET', path: '/uploads', query, maxBodyBytes: MAX_PAGE_BYTES });
      const body = expectFound('GET /uploads', res).body;
      parsePage(body); // every entry an upload object, or an error
      const asked = new Set<string>(ids);
      const found = new Map<string, UploadResource>();
      for (const entry of (body as { data: UploadResource[] }).data) {
        if (asked.has(entry.id) && !found.has(entry.id)) found.set(entry.id, entry);
      }
      return found;
    },

    async createUploadRequest(filename) {
      const request = 'POST /upload-requests';
      const body = { data: { type: 'upload_request', attributes: { filename } } };
      const res = expectFound(request, await http({ method: 'POST', path: '/upload-requests', body }));
      return uploadRequestOf(request, res.body);
    },

    async createUpload(body) {
      const request = 'POST /uploads';
      const res = await http({ method: 'POST', path: '/uploads', body, once: true });
      return submission(request, expectFound(request, res), 'creation');
    },

    async getEnvironment(id) {
      const path = `/environments/${encodeURIComponent(id)}`;
      const res = await http({ method: 'GET', path, projectWide: true });
      if (res.status === 404) return undefined;
      const data = isRecord(res.body) ? res.body.data : undefined;
      return environmentOf('GET /environments/:id', data, 1);
    },

    async listEnvironments() {
      const res = expectFound(
        'GET /environments',
        await http({ method: 'GET', path: '/environments', projectWide: true }),
      );
      const data = isRecord(res.body) ? res.body.data : undefined;
      if (!Array.isArray(data)) throw new UnexpectedAnswerError('GET /environments', 'a list without data');
      return data.map((entry: unknown, index) => environmentOf('GET /environments', entry, index + 1));
    },
  };
}

/**
 * Storage paths as the docs show them (`/7/1455102967-image.png`): only sent back in a JSON body,
 * never put in a URL, so any printable text without a `..` segment.
 */
const STORAGE_PATH = /^[^\p{Cc}\\]{1,1024}$/u;

/** An https URL without credentials, of a sensible length. */
function isPlainHttps(text: string): boolean {
  if (text.length > 8192) return false;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/** An `upload_request` with a storage path, an https URL and string headers, or an error. */
function uploadRequestOf(request: string, body: unknown): UploadRequest {
  const data = isRecord(body) && isRecord(body.data) ? body.data : undefined;
  const attributes = isRecord(data?.attributes) ? data.attributes : undefined;
  const path = data?.id;
  const url = attributes?.url;
  const headers = attributes?.request_headers ?? {};
  if (
    data?.type !== 'upload_request' ||
    typeof path !== 'string' ||
    path.length > 1024 ||
    !STORAGE_PATH.test(path) ||
    path.split('/').includes('..')
  ) {
    throw new UnexpectedAnswerError(request, 'no storage path (data.id)');
  }
  if (typeof url !== 'string' || !isPlainHttps(url)) {
    throw new UnexpectedAnswerError(request, 'no https storage URL without credentials');
  }
  if (!isRecord(headers) || !Object.values(headers).every((value) => typeof value === 'string')) {
    throw new UnexpectedAnswerError(request, 'request_headers that are not strings');
  }
  const named = Object.keys(headers).map((name) => name.toLowerCase());
  if (
    named.some(
      (name) =>
        ['authorization', 'x-api-version', 'x-environment', 'host', 'content-length'].includes(name) ||
        !/^[a-z0-9-]{1,64}$/.test(name),
    )
  ) {
    throw new UnexpectedAnswerError(request, 'request_headers naming a header that cannot be sent to storage');
  }
  return { path, url, headers: headers as Record<string, string> };
}

/** An `environment` resource with an ID of an environment's shape and a boolean `meta.primary`. */
function environmentOf(request: string, entry: unknown, position: number): EnvironmentInfo {
  const meta = isRecord(entry) && isRecord(entry.meta) ? entry.meta : undefined;
  if (
    !isRecord(entry) ||
    entry.type !== 'environment' ||
    typeof entry.id !== 'string' ||
    !isEnvironmentId(entry.id) ||
    typeof meta?.primary !== 'boolean' ||
    !['boolean', 'undefined'].includes(typeof meta.read_only_mode)
  ) {
    throw new UnexpectedAnswerError(request, `an entry that is not an environment (entry ${position})`);
  }
  return { id: entry.id, primary: meta.primary, readOnly: meta.read_only_mode === true };
}

/** `2 upload(s) (a1, a2)`, the first five named. */
function uploadsNamed(ids: readonly string[]): string {
  return `${ids.length} upload(s) (${firstOf(ids, 5)})`;
}

/** Refuses an empty list even if the types were bypassed: an empty filter could mean "all". */
function joinIds(ids: readonly string[]): string {
  if (ids.length === 0) throw new Error('internal error: a batch deletion without IDs was about to be sent');
  return ids.join(',');
}

/**
 * Which of `ids` a `filter[ids]` listing with `filter` holds. What is not listed counts as gone
 * (deleted, or never there), so the listing must add up: every upload listed was asked for,
 * each once, and as many as its own total_count. Anything else is refused, not read as "gone".
 */
async function listedAmong(
  client: Pick<CmaClient, 'listUploads'>,
  ids: NonEmpty<string>,
  filter: Record<string, string>,
): Promise<Set<string>> {
  const listing = await client.listUploads({ 'filter[ids]': joinIds(ids), ...filter }, ids.length);
  const asked = new Set(ids);
  const unasked = listing.uploads.filter((upload) => !asked.has(upload.id)).length;
  const wrong =
    unasked > 0
      ? `${unasked} upload(s) not among the ${ids.length} IDs asked`
      : !listing.complete
        ? `a total_count of ${listing.total} for ${ids.length} IDs asked`
        : listing.conflicting > 0 || listing.beyondTotal > 0 || listing.repeated > 0
          ? `the same upload more than once for ${ids.length} IDs asked`
          : listing.uploads.length !== listing.total
            ? `${listing.uploads.length} of the ${listing.total} uploads its total_count announced for ${ids.length} IDs asked`
            : undefined;
  if (wrong !== undefined) throw new UnexpectedAnswerError('GET /uploads', wrong);
  return new Set(listing.uploads.map((upload) => upload.id));
}

/** A 404 that says only "not found" (or nothing): not one about the environment or anything else. */
function isPlainNotFound(res: CmaResponse): boolean {
  const codes = firstApiError(res.body)?.codes ?? [];
  return codes.every((code) => code === 'NOT_FOUND');
}

function apiErrorOf(request: string, res: CmaResponse): CmaApiError {
  const error = firstApiError(res.body);
  return new CmaApiError(request, res.status, error?.code, false, { retried: res.retried, ...error });
}

function expectFound(request: string, res: CmaResponse): CmaResponse {
  if (res.status === 404) throw apiErrorOf(request, res);
  return res;
}

/**
 * A page of 500 uploads, with every attribute (EXIF, colours, metadata per locale), is a few MB
 * at most; past this a page is not read.
 */
const MAX_PAGE_BYTES = 16 * 1024 * 1024;

/** Job IDs are numbers in the docs' examples ("4235"); anything outside this is not trusted. */
const JOB_ID = /^[A-Za-z0-9_-]{1,64}$/;

function submission(request: string, res: CmaResponse, taken: 'deletion' | 'creation' = 'deletion'): Submission {
  const data = (res.body as { data?: { type?: unknown; id?: unknown } } | undefined)?.data;
  if (res.notJson) throw new UnexpectedAnswerError(request, `${res.status} with a body that is not JSON`, taken);
  if (res.status === 202) {
    if (data?.type !== 'job' || typeof data.id !== 'string' || data.id === '') {
      throw new UnexpectedAnswerError(request, '202 without a job ID', taken);
    }
    // The ID goes into the log, the outputs (which workflows put in scripts) and a URL path.
    if (!JOB_ID.test(data.id)) throw new UnexpectedAnswerError(request, '202 with a job ID that is not one', taken);
    return { jobId: data.id, retried: res.retried };
  }
  return { result: { status: res.status, payload: res.body }, retried: res.retried };
}

/** `{"data":[upload_track...]}`: every entry an `upload_track` with a string ID, or an error. */
function trackList(request: string, uploadId: string, body: unknown): TrackInfo[] {
  const data = isRecord(body) ? body.data : undefined;
  if (!Array.isArray(data)) throw new UnexpectedAnswerError(request, 'a list without data');
  return data.map((entry: unknown, index) => {
    if (!isRecord(entry) || entry.type !== 'upload_track' || typeof entry.id !== 'string') {
      throw new UnexpectedAnswerError(request, `a data entry that is not an upload track (entry ${index + 1})`);
    }
    const attributes = isRecord(entry.attributes) ? entry.attributes : {};
    const { name, type, language_code: languageCode, closed_captions: closedCaptions } = attributes;
    const details = {
      type: typeof type === 'string' ? type.slice(0, 64) : null,
      languageCode: typeof languageCode === 'string' ? languageCode.slice(0, 64) : null,
      closedCaptions: typeof closedCaptions === 'boolean' ? closedCaptions : null,
    };
    return { uploadId, trackId: entry.id, name: typeof name === 'string' ? name : undefined, details };
  });
}

/**
 * A `job_result` resource. Its own ID is not compared with the job's: the docs' example answers
 * job 4235 with job_result 34.
 */
function jobResult(request: string, body: unknown): JobResult {
  const data = isRecord(body) && isRecord(body.data) ? body.data : undefined;
  if (data?.type !== 'job_result') throw new UnexpectedAnswerError(request, 'a body that is not a job result');
  const attributes = isRecord(data.attributes) ? data.attributes : undefined;
  if (typeof attributes?.status !== 'number') {
    throw new UnexpectedAnswerError(request, 'a job result without a status');
  }
  return { status: attributes.status, payload: attributes.payload };
}
