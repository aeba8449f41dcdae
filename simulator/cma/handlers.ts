import { idsFromBulkBody, idsFromFilter } from './destroy-params.ts';
import { orderUploads, selectUploads } from './filters.ts';
import type { FaultQueue } from './faults.ts';
import type { JobBoard, JobForcing, JobWork } from './jobs.ts';
import { apiError, invalidParams, isRefusal, json, notFound, type Refusal, type Reply } from './reply.ts';
import { environmentResource, trackResource, uploadResource, type ResourceView } from './resources.ts';
import { isReferenced, PRIMARY, storedUpload, type MediaLibrary, type StoredUpload } from '../common/store.ts';
import type { Settings } from './settings.ts';
import type { Stats } from './stats.ts';
import type { Storage } from '../common/storage.ts';
import { uploadId } from './ids.ts';

/** The made-up uploads of an endless listing: IDs of the real shape, none of a seeded upload. */
const endlessId = (n: number): string => uploadId(1_000_000_000 + n);
import type { Deletion, Fault } from './types.ts';
import type { ListingBehaviour } from './options.ts';

/** Shared state of one simulator. */
export interface ApiState {
  settings: Settings;
  jobs: JobBoard;
  faults: FaultQueue;
  stats: Stats;
  deletions: Deletion[];
  /** The bucket behind upload requests, shared with the asset host. */
  storage: Storage;
  view: ResourceView;
}

/** One authorised request in a valid environment. */
export interface RequestContext {
  method: string;
  path: string;
  query: URLSearchParams;
  contentType: string;
  body: string;
  environment: string;
  library: MediaLibrary;
  now: number;
  /** The fault taken when the request arrived; its job effects apply to the job it starts. */
  fault: Fault | undefined;
}

export type Handler = (state: ApiState, ctx: RequestContext, params: string[]) => Reply;

const PAGE_LIMIT_DEFAULT = 30;
// https://www.datocms.com/docs/content-management-api/resources/upload/instances
const PAGE_LIMIT_MAX = 500;

function hasJobEffects(fault: Fault | undefined): fault is Fault {
  return (
    fault?.jobStatus !== undefined ||
    fault?.jobLatencyMs !== undefined ||
    fault?.jobPayload !== undefined ||
    fault?.jobLies === true
  );
}

export function startJob(state: ApiState, ctx: RequestContext, work: JobWork, forced: JobForcing = {}): Reply {
  let fault = ctx.fault;
  if (!hasJobEffects(fault)) {
    fault = state.faults.takeForJob(ctx.method, ctx.path);
    if (fault) state.stats.faults += 1;
  }
  const readyAt = ctx.now + (fault?.jobLatencyMs ?? state.settings.jobLatencyMs);
  const job = state.jobs.submit(work, ctx.environment, readyAt, {
    status: fault?.jobStatus ?? forced.status,
    code: forced.code,
    payload: fault?.jobPayload,
    lies: fault?.jobLies,
  });
  return json(202, { data: { type: 'job', id: job.id } });
}

function destroyMany(state: ApiState, ctx: RequestContext, kind: 'batch' | 'bulk', ids: string[] | Refusal): Reply {
  if (isRefusal(ids)) return invalidParams(ids);
  if (state.settings.unknownIds !== 'count-failed') {
    const unknown = ids.filter((id) => !ctx.library.get(id));
    if (unknown.length > 0 && state.settings.unknownIds === 'not-found') {
      return apiError(404, 'NOT_FOUND', { ids: unknown });
    }
    if (unknown.length > 0) {
      return invalidParams({ param: 'ids', reason: 'unknown upload ids', ids: unknown });
    }
  }
  // Which uploads are in use is not said: a client must find out with the in_use filter.
  if (state.settings.inUseUploads === 'refuse-request' && ids.some((id) => isReferenced(ctx.library.get(id)))) {
    return apiError(422, 'UPLOAD_IS_CURRENTLY_IN_USE', {
      message: "Couldn't delete this asset, as it's currently used by some records!",
    });
  }
  return startJob(state, ctx, { kind, ids });
}

/** When the route is gone (`batchDestroy` option), the answer of that form; else the batch. */
const batchDestroy: Handler = (state, ctx) => {
  switch (state.settings.batchDestroy) {
    case 'not-found':
      return apiError(404, 'NOT_FOUND');
    case 'invalid-id':
      return apiError(422, 'INVALID_ENTITY_ID', { id: 'batch-destroy' });
    case 'method-not-allowed':
      return { status: 405, body: '', headers: { allow: 'GET, PUT' } };
    default:
      return destroyMany(state, ctx, 'batch', idsFromFilter(ctx.query, state.settings.maxIdsPerRequest));
  }
};

const bulkDestroy: Handler = (state, ctx) => {
  const ids = idsFromBulkBody(ctx.contentType, ctx.body, state.settings.maxIdsPerRequest);
  return destroyMany(state, ctx, 'bulk', ids);
};

function pageParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number | Refusal {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    return { param: name, reason: `expected an integer from ${min} to ${max}, got "${raw}"` };
  }
  return value;
}

/** Insertion order, so that paging through a library that does not change is stable. */
const listUploads: Handler = (state, ctx) => {
  const limit = pageParam(ctx.query, 'page[limit]', PAGE_LIMIT_DEFAULT, 1, PAGE_LIMIT_MAX);
  if (isRefusal(limit)) return invalidParams(limit);
  const offset = pageParam(ctx.query, 'page[offset]', 0, 0, Number.MAX_SAFE_INTEGER);
  if (isRefusal(offset)) return invalidParams(offset);
  const { unknownFilters, ignoredFilterFields } = state.settings;
  const found = selectUploads(
    ctx.library,
    ctx.query,
    unknownFilters === 'ignore',
    ignoredFilterFields,
    state.settings.inUseFilter,
  );
  if (isRefusal(found) && found.unknown === true) return apiError(422, 'INVALID_FILTER_FIELDS_PARAM', found);
  if (isRefusal(found)) return invalidParams(found);
  const selected = orderUploads(found, ctx.query.get('order_by'));
  if (isRefusal(selected)) return invalidParams(selected);
  return json(200, listingPage(state, selected, offset, limit));
};

/** One page as documented, or as a broken or hostile API would answer it (`listing` option). */
function listingPage(state: ApiState, selected: StoredUpload[], offset: number, limit: number) {
  const behaviour: ListingBehaviour = state.settings.listing;
  const page = (from: number) => selected.slice(from, from + limit).map((u) => uploadResource(u, state.view));
  switch (behaviour) {
    case 'endless': {
      const ghost = (i: number) => uploadResource(storedUpload({ id: endlessId(offset + i) }, offset + i), state.view);
      return { data: Array.from({ length: limit }, (_, i) => ghost(i)), meta: { total_count: 1e12 } };
    }
    case 'repeat-pages':
      return { data: page(0), meta: { total_count: selected.length * 2 } };
    case 'no-total-count':
      return { data: page(offset), meta: {} };
    case 'not-uploads':
      return {
        data: [{ type: 'item', id: 'not-an-upload', attributes: {} }, ...page(offset).slice(1)],
        meta: { total_count: selected.length },
      };
    case 'honest':
      return { data: page(offset), meta: { total_count: selected.length } };
  }
}

const showUpload: Handler = (state, ctx, [id = '']) => {
  const upload = ctx.library.get(id);
  return upload ? json(200, { data: uploadResource(upload, state.view) }) : notFound({ upload_id: id });
};

/** Synchronous, unlike the batch endpoints; an undeletable upload is refused as still referenced. */
const destroyUpload: Handler = (state, ctx, [id = '']) => {
  const upload = ctx.library.get(id);
  if (!upload) return notFound({ upload_id: id });
  const kept = state.settings.undeletable.has(id) || (isReferenced(upload) && state.settings.inUseUploads !== 'delete');
  if (kept) return apiError(422, 'DELETE_RESTRICTION', { upload_id: id });
  ctx.library.deleteUpload(id);
  state.deletions.push({ kind: 'upload', environment: ctx.environment, uploadId: id, jobId: '' });
  return json(200, { data: uploadResource(upload, state.view) });
};

const listTracks: Handler = (_state, ctx, [uploadId = '']) => {
  const upload = ctx.library.get(uploadId);
  if (!upload) return notFound({ upload_id: uploadId });
  return json(200, { data: [...upload.tracks.values()].map((t) => trackResource(uploadId, t)) });
};

const destroyTrack: Handler = (state, ctx, [uploadId = '', trackId = '']) => {
  if (!ctx.library.get(uploadId)) return notFound({ upload_id: uploadId });
  if (!ctx.library.track(uploadId, trackId)) return notFound({ upload_track_id: trackId });
  const work: JobWork = { kind: 'track', uploadId, trackId };
  if (ctx.environment !== PRIMARY && state.settings.sandboxTracks !== 'allow') {
    const code = 'IMMUTABLE_UPLOAD_TRACKS_IN_SANDBOX_ENVIRONMENT';
    if (state.settings.sandboxTracks === 'refuse') return apiError(422, code, { upload_track_id: trackId });
    return startJob(state, ctx, work, { status: 422, code });
  }
  return startJob(state, ctx, work);
};

/** The environments a token may see (`environmentLookup`), the primary first. */
function visibleEnvironments(settings: Settings): string[] | undefined {
  if (settings.environmentLookup === 'refused') return undefined;
  const all = settings.environments;
  return settings.environmentLookup === 'sandboxes-only' ? all.filter((name) => name !== PRIMARY) : [...all];
}

const listEnvironments: Handler = (state) => {
  const visible = visibleEnvironments(state.settings);
  if (visible === undefined) return apiError(403, 'INSUFFICIENT_PERMISSIONS');
  return json(200, { data: visible.map((name) => environmentResource(state.settings, name)) });
};

/** By real ID: the primary's is `primaryEnvironment`, never `'primary'`. */
const showEnvironment: Handler = (state, _ctx, [id = '']) => {
  const visible = visibleEnvironments(state.settings);
  if (visible === undefined) return apiError(403, 'INSUFFICIENT_PERMISSIONS');
  const name = id === state.settings.primaryId ? PRIMARY : id === PRIMARY ? undefined : id;
  if (name === undefined || !visible.includes(name)) return notFound({ environment_id: id });
  return json(200, { data: environmentResource(state.settings, name) });
};

/** 404 while the job runs, as documented; the same answer for an id that never existed. */
const jobResult: Handler = (state, _ctx, [id = '']) => {
  const result = state.jobs.result(id);
  if (!result) return notFound({ job_result_id: id });
  const attributes = { status: result.status, payload: result.payload };
  return json(200, { data: { type: 'job_result', id, attributes } });
};

export const handlers = {
  listUploads,
  showUpload,
  destroyUpload,
  batchDestroy,
  bulkDestroy,
  listTracks,
  destroyTrack,
  jobResult,
  listEnvironments,
  showEnvironment,
};
