import type { Job, JobResult, JobRunner } from './jobs.ts';
import { apiErrorObject } from './reply.ts';
import { trackResource } from './resources.ts';
import type { Environments } from './store.ts';
import type { Deletion } from './types.ts';

export interface WorkContext {
  environments: Environments;
  undeletable: ReadonlySet<string>;
  /** Uploads in use are counted failed and kept (`inUseUploads` other than `'delete'`). */
  keepsInUse: boolean;
  /** Completed deletions are appended here. */
  deletions: Deletion[];
}

function failed(status: number, code: string): JobResult {
  return { status, payload: { data: [apiErrorObject(code)] } };
}

/** The documented payload holds only counts: the API does not say which ids failed. */
function destroyUploads(context: WorkContext, job: Job, ids: string[]): JobResult {
  const library = context.environments.get(job.environment);
  let successful = 0;
  for (const id of ids) {
    const kept = context.undeletable.has(id) || (context.keepsInUse && library.get(id)?.inUse === true);
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

export function jobRunner(context: WorkContext): JobRunner {
  return (job) => {
    if (job.forcedStatus !== undefined) return failed(job.forcedStatus, job.forcedCode ?? 'INTERNAL_SERVER_ERROR');
    const work = job.work;
    if (job.lies === true) {
      const items = work.kind === 'track' ? 1 : work.ids.length;
      return { status: 200, payload: { data: [], meta: { successful: items, failed: 0 } } };
    }
    const done =
      work.kind === 'track'
        ? destroyTrack(context, job, work.uploadId, work.trackId)
        : destroyUploads(context, job, work.ids);
    return job.forcedPayload === undefined ? done : { status: done.status, payload: job.forcedPayload };
  };
}
