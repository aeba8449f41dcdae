/** The new upload a finished creation job names, checked: its ID, or an error saying why there is none. */
import { isRecord } from '../common/guards.ts';
import { isUploadId } from '../settings/upload-id.ts';
import type { ManifestUpload } from './backup-reader.ts';
import type { UploadDeps } from './restore-deps.ts';

/** A creation job that ended with an error status: nothing was created. */
export class JobFailedError extends Error {
  override name = 'JobFailedError';
}

/** The new upload's ID from a finished creation job, or an error saying why there is none. */
export function createdId(
  answer: { readonly status: number; readonly payload: unknown },
  upload: ManifestUpload,
  { result, oldIds }: Pick<UploadDeps, 'result' | 'oldIds'>,
): string {
  if (answer.status < 200 || answer.status >= 300) {
    throw new JobFailedError(`the creation job ended with status ${answer.status}`);
  }
  const data = isRecord(answer.payload) && isRecord(answer.payload.data) ? answer.payload.data : undefined;
  if (data?.type !== 'upload' || typeof data.id !== 'string' || !isUploadId(data.id)) {
    throw new Error('the creation job did not name the new upload');
  }
  if (oldIds.has(data.id) || [...result.idMap.restored.values()].includes(data.id)) {
    throw new Error(`the creation job named ${data.id} as the new upload, an ID the backup or the ID map already has`);
  }
  // The upload the job names must hold this file: a job can only vouch for what it created.
  const attributes = isRecord(data.attributes) ? data.attributes : {};
  const { size, md5 } = attributes;
  if ((typeof size === 'number' && size !== upload.size) || (typeof md5 === 'string' && md5 !== upload.md5)) {
    throw new Error(`the creation job named upload ${data.id}, whose file is not the one saved (size or md5 differ)`);
  }
  return data.id;
}
