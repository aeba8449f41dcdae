/**
 * An earlier restore's creation job, accepted and not seen finished, asked once before anything
 * is created again.
 */
import { CmaApiError } from '../cma/errors.ts';
import type { ManifestUpload } from './backup-reader.ts';
import { createdId } from './created-id.ts';
import { recordCreated, saveIdMap } from './id-map-save.ts';
import { ID_MAP_NAME } from './id-map.ts';
import type { UploadDeps } from './restore-deps.ts';
import { isFatal, reasonOf } from './restore-errors.ts';

/**
 * An upload whose creation job an earlier restore saw accepted but not finished: asks that job
 * once. Finished: recorded. Still running: left for the next run. Failed: created again below.
 */
export async function finishPending(upload: ManifestUpload, deps: UploadDeps): Promise<void> {
  const jobId = deps.result.idMap.pending.get(upload.id) ?? '';
  const item = deps.result.items.get(upload.id);
  if (item !== undefined) item.jobId = jobId;
  try {
    const answer = await deps.client.getJobResult(jobId);
    if (answer === undefined) {
      deps.result.items.set(upload.id, {
        fate: 'failed',
        jobId,
        reason: `its creation job ${jobId} (from an earlier restore) has not finished: run the restore again later; if it never does, check the media library, then remove ${upload.id} from "pending" in ${ID_MAP_NAME}`,
      });
      return;
    }
    if (answer.status >= 200 && answer.status < 300) {
      recordCreated(upload, createdId(answer, upload, deps), deps);
      return;
    }
    deps.result.idMap.pending.delete(upload.id); // it failed: nothing was created, so it is created again
  } catch (error) {
    if (isFatal(error) || deps.signal.aborted) throw error;
    const reason = `its earlier creation job ${jobId}: ${reasonOf(error)}`;
    deps.result.items.set(upload.id, { fate: 'failed', jobId, reason });
    if (error instanceof CmaApiError) return; // asking failed: the job stays pending for the next run
    // The job answered, but not with this upload: it may exist; a person must look.
    deps.result.idMap.pending.delete(upload.id);
    deps.result.idMap.uncertain.set(upload.id, reason.slice(0, 500));
    saveIdMap(deps, `the earlier creation job of ${upload.id} answered with another upload`);
  }
}
