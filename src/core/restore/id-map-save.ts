/** The ID map written as the restore goes, each step at once: a failure to write it stops the restore. */
import { join } from 'node:path';
import { describeCause } from '../common/errors.ts';
import type { ManifestUpload } from './backup-reader.ts';
import { ID_MAP_NAME, idMapText } from './id-map.ts';
import type { UploadDeps } from './restore-deps.ts';

/** The ID map could not be saved: going on would create uploads no later restore knows of. */
export class IdMapWriteError extends Error {
  override name = 'IdMapWriteError';
}

/** Writes the ID map now; a failure stops the restore (see IdMapWriteError). */
export function saveIdMap(deps: Pick<UploadDeps, 'host' | 'result'>, what: string): void {
  const path = join(deps.result.dir, ID_MAP_NAME);
  try {
    deps.host.writeText(path, idMapText(deps.result.idMap, new Date()));
  } catch (error) {
    throw new IdMapWriteError(
      `${ID_MAP_NAME} could not be written (${describeCause(error)}) after ${what}: stopped there, so that nothing is created that a later restore would not know of; free the space (or fix the folder), then run the restore again (${ID_MAP_NAME} holds every step before this one)`,
    );
  }
}

/** Records a created upload in the result and the ID map (written at once). */
export function recordCreated(
  upload: ManifestUpload,
  newId: string,
  deps: Pick<UploadDeps, 'host' | 'result' | 'seams'>,
): void {
  const { result } = deps;
  result.idMap.uncertain.delete(upload.id);
  result.items.set(upload.id, { ...result.items.get(upload.id), fate: 'restored', newId, reason: undefined });
  result.idMap.restored.set(upload.id, newId);
  result.idMap.pending.delete(upload.id);
  deps.seams.log.info(`Restored ${upload.id} as ${newId}`);
  saveIdMap(deps, `${upload.id} was created as ${newId}`);
}
