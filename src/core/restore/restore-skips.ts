/**
 * The selected uploads a restore leaves alone: restored before, perhaps created before, or still
 * in the target.
 */
import { MAX_IDS_PER_REQUEST, type CmaClient } from '../cma/cma-client.ts';
import { chunk } from '../common/chunk.ts';
import type { ManifestUpload } from './backup-reader.ts';
import { ID_MAP_NAME } from './id-map.ts';
import type { RestoreResult } from './restore-result.ts';

export const ALREADY = 'already restored (in the ID map)';
export const STILL_EXISTS = 'still exists in the target environment: nothing to restore';

/** The uploads an earlier restore handled: restored, or perhaps created without an answer. */
export function markDone(selected: readonly ManifestUpload[], result: RestoreResult): void {
  for (const upload of selected) {
    const newId = result.idMap.restored.get(upload.id);
    const uncertain = result.idMap.uncertain.get(upload.id);
    if (newId !== undefined) result.items.set(upload.id, { fate: 'skipped', reason: ALREADY, newId });
    else if (uncertain !== undefined) {
      result.items.set(upload.id, {
        fate: 'skipped',
        reason: `an earlier restore may have created it (${uncertain}): check the media library, then remove it from "uncertain" in ${ID_MAP_NAME} to restore it`,
      });
    }
  }
}

/** The uploads of `todo` that the target does not have: those it has are skipped. */
export async function stillGone(
  client: CmaClient,
  todo: readonly ManifestUpload[],
  result: RestoreResult,
): Promise<ManifestUpload[]> {
  const existing = new Set<string>();
  for (const part of chunk(
    todo.map((upload) => upload.id),
    MAX_IDS_PER_REQUEST,
  )) {
    for (const id of await client.existingUploads(part)) existing.add(id);
  }
  for (const id of existing) result.items.set(id, { fate: 'skipped', reason: STILL_EXISTS });
  return todo.filter((upload) => !existing.has(upload.id));
}
