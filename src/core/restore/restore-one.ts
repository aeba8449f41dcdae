/** Restoring one upload: a storage slot, the file PUT there, the upload created, its job waited for. */
import { join } from 'node:path';
import { putToStorage } from '../assets/storage-put.ts';
import { CmaApiError } from '../cma/errors.ts';
import { creationBody, type ManifestUpload } from './backup-reader.ts';
import { createdId, JobFailedError } from './created-id.ts';
import { recordCreated, saveIdMap } from './id-map-save.ts';
import type { StoringDeps } from './restore-deps.ts';
import { isFatal, reasonOf } from './restore-errors.ts';
import type { RestoreItem } from './restore-result.ts';

/** In the ID map while a creation is being sent: if the restore stops there, it may exist. */
const SENDING = 'its creation was being sent when the restore stopped';

/** Restores `upload`: its own failure goes in the result; one about the whole run stops the restore. */
export async function restoreOne(upload: ManifestUpload, deps: StoringDeps): Promise<void> {
  const { client, result, seams } = deps;
  const item: RestoreItem = { fate: 'pending' };
  result.items.set(upload.id, item);
  // How far it went: from `create` on, a failure may still have created the upload.
  let stage: 'slot' | 'file' | 'create' | 'job' = 'slot';
  try {
    const filename = fileNameOf(upload);
    const slot = await client.createUploadRequest(filename);
    stage = 'file';
    await putToStorage(slot, join(result.dir, upload.file), upload.size, {
      dispatcher: deps.storage,
      clock: seams.clock,
      signal: deps.signal,
    });
    // Every step is on disk before the next: whatever stops the restore, the next one never
    // creates an upload twice (it asks a pending job, and leaves an uncertain one to a person).
    result.idMap.uncertain.set(upload.id, SENDING);
    saveIdMap(deps, `the file of ${upload.id} was stored, before its creation was sent`);
    stage = 'create';
    const submitted = await client.createUpload(creationBody(upload, slot.path));
    stage = 'job';
    if ('jobId' in submitted) {
      item.jobId = submitted.jobId;
      result.idMap.uncertain.delete(upload.id);
      result.idMap.pending.set(upload.id, submitted.jobId);
      saveIdMap(deps, `the creation of ${upload.id} was accepted (job ${submitted.jobId})`);
    }
    const answer =
      'jobId' in submitted ? await deps.poller.wait(submitted.jobId, 'upload', seams.clock.now()) : submitted.result;
    recordCreated(upload, createdId(answer, upload, deps), deps);
  } catch (error) {
    if (isFatal(error) || deps.signal.aborted) {
      if (!deps.signal.aborted) deps.stop(error);
      return;
    }
    // Only a 4xx refused the creation for sure: a 5xx may come from a proxy after the API took it.
    const refused = error instanceof CmaApiError && error.status >= 400 && error.status < 500;
    const maybe = (stage === 'create' && !refused) || (stage === 'job' && !(error instanceof JobFailedError));
    item.fate = 'failed';
    item.reason = reasonOf(error);
    result.idMap.pending.delete(upload.id);
    result.idMap.uncertain.delete(upload.id);
    if (maybe) {
      item.reason += '; it may have been created anyway: check the media library before restoring it again';
      result.idMap.uncertain.set(upload.id, reasonOf(error).slice(0, 500));
    }
    try {
      saveIdMap(deps, `the creation of ${upload.id} failed`);
    } catch (writeError) {
      deps.stop(writeError);
    }
    seams.log.warning(`Upload ${upload.id} was not restored: ${item.reason}`);
  }
}

/** The name to ask storage for: the listed filename, else the saved file's. */
function fileNameOf(upload: ManifestUpload): string {
  const listed = upload.resource.attributes.filename;
  if (
    typeof listed === 'string' &&
    listed.trim() !== '' &&
    listed.length <= 255 &&
    !/[/\\\p{Cc}]/u.test(listed) &&
    !/^\.+$/.test(listed.trim())
  )
    return listed;
  return upload.file.slice(upload.file.lastIndexOf('/') + 1);
}
