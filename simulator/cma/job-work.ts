import { randomUploadId } from './ids.ts';
import type { Job, JobResult, JobRunner, JobWork } from './jobs.ts';
import { apiErrorObject } from './reply.ts';
import { trackResource, uploadResource, type ResourceView } from './resources.ts';
import { isReferenced, storedUpload, type Environments } from '../common/store.ts';
import type { Creation, Deletion } from './types.ts';
import type { SeedUpload } from '../common/types.ts';

export interface WorkContext {
  environments: Environments;
  undeletable: ReadonlySet<string>;
  /** Uploads in use are counted failed and kept (`inUseUploads` other than `'delete'`). */
  keepsInUse: boolean;
  /** Completed deletions are appended here. */
  deletions: Deletion[];
  /** Completed creations are appended here. */
  creations: Creation[];
  view: ResourceView;
}

type CreateWork = Extract<JobWork, { kind: 'create' }>;

/** Status of a completed create job (UNVERIFIED: the docs show only 200 for jobs; a client takes any 2xx). */
const CREATED = 201;

function failed(status: number, code: string): JobResult {
  return { status, payload: { data: [apiErrorObject(code)] } };
}

/** The documented payload holds only counts: the API does not say which ids failed. */
function destroyUploads(context: WorkContext, job: Job, ids: string[]): JobResult {
  const library = context.environments.get(job.environment);
  let successful = 0;
  for (const id of ids) {
    const kept = context.undeletable.has(id) || (context.keepsInUse && isReferenced(library.get(id)));
    if (kept || !library.deleteUpload(id)) continue;
    context.deletions.push({
      kind: 'upload',
      environment: job.environment,
      uploadId: id,
      jobId: job.id,
    });
    successful += 1;
  }
  return {
    status: 200,
    payload: { data: [], meta: { successful, failed: ids.length - successful } },
  };
}

/** A track deleted meanwhile (twice submitted, or its upload deleted) fails the job with 404. */
function destroyTrack(context: WorkContext, job: Job, uploadId: string, trackId: string): JobResult {
  const library = context.environments.get(job.environment);
  const track = library.track(uploadId, trackId);
  if (!track) return failed(404, 'NOT_FOUND');
  library.deleteTrack(uploadId, trackId);
  context.deletions.push({
    kind: 'track',
    environment: job.environment,
    uploadId,
    trackId,
    jobId: job.id,
  });
  return { status: 200, payload: { data: trackResource(uploadId, track) } };
}

/** The new upload: a fresh ID, the name asked for, created now. */
function createdSeed(work: CreateWork): SeedUpload {
  const { params } = work;
  return {
    id: randomUploadId(),
    filename: work.filename,
    createdAt: new Date().toISOString(),
    tags: params.tags,
    author: params.author,
    copyright: params.copyright,
    notes: params.notes,
    uploadCollection: params.uploadCollection,
    ...(params.defaultFieldMetadata && { defaultFieldMetadata: structuredClone(params.defaultFieldMetadata) }),
  };
}

function createUpload(context: WorkContext, job: Job, work: CreateWork): JobResult {
  const library = context.environments.get(job.environment);
  const upload = library.add(createdSeed(work), work.content, work.params.path);
  context.creations.push({ environment: job.environment, uploadId: upload.id, path: work.params.path, jobId: job.id });
  return { status: CREATED, payload: { data: uploadResource(upload, context.view) } };
}

/** What a lying job reports: every item done, nothing done (a create names an upload that does not exist). */
function lie(context: WorkContext, work: JobWork): JobResult {
  if (work.kind === 'create') {
    const ghost = storedUpload(createdSeed(work), 0, work.content);
    ghost.storagePath = work.params.path;
    return { status: CREATED, payload: { data: uploadResource(ghost, context.view) } };
  }
  const items = work.kind === 'track' ? 1 : work.ids.length;
  return { status: 200, payload: { data: [], meta: { successful: items, failed: 0 } } };
}

function doWork(context: WorkContext, job: Job): JobResult {
  const work = job.work;
  if (work.kind === 'track') return destroyTrack(context, job, work.uploadId, work.trackId);
  if (work.kind === 'create') return createUpload(context, job, work);
  return destroyUploads(context, job, work.ids);
}

export function jobRunner(context: WorkContext): JobRunner {
  return (job) => {
    if (job.forcedStatus !== undefined) return failed(job.forcedStatus, job.forcedCode ?? 'INTERNAL_SERVER_ERROR');
    if (job.lies === true) return lie(context, job.work);
    const done = doWork(context, job);
    return job.forcedPayload === undefined ? done : { status: done.status, payload: job.forcedPayload };
  };
}
