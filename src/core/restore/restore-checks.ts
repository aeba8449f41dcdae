/**
 * What a restore reads and checks before any request: the manifest, the uploads selected, the ID
 * map, their files.
 */
import { InputError } from '../common/errors.ts';
import { quote } from '../settings/values.ts';
import { checkFiles, readManifest, redactionNote, type Manifest, type ManifestUpload } from './backup-reader.ts';
import { readIdMap } from './id-map.ts';
import type { RestoreResult, RestoreSettings } from './restore-result.ts';

/** The backup as checked: its manifest, the uploads selected, and those an earlier restore has not handled. */
export interface CheckedBackup {
  readonly manifest: Manifest;
  readonly selected: readonly ManifestUpload[];
  readonly todo: readonly ManifestUpload[];
}

/** Reads the backup into `result` (manifest, selected items, ID map, notes) and checks the files to restore. */
export async function checkBackup(settings: RestoreSettings, result: RestoreResult): Promise<CheckedBackup> {
  const manifest = readManifest(result.dir, settings.apiToken);
  result.manifest = manifest;
  const selected = selectUploads(manifest, settings.only);
  for (const upload of selected) result.items.set(upload.id, { fate: settings.dryRun ? 'selected' : 'pending' });
  result.idMap = readIdMap(result.dir);
  if (!manifest.complete) {
    result.notes.push(
      'the backup is incomplete: its run stopped before every selected item was saved (only what was saved was deleted)',
    );
  }
  const redacted = redactionNote(selected);
  if (redacted !== undefined) result.notes.push(redacted);
  const idMap = result.idMap;
  const todo = selected.filter((upload) => !idMap.restored.has(upload.id) && !idMap.uncertain.has(upload.id));
  await checkFiles(result.dir, todo);
  return { manifest, selected, todo };
}

/** The manifest's uploads, or those `only` names (each must be in it). */
function selectUploads(manifest: Manifest, only: readonly string[]): ManifestUpload[] {
  if (only.length === 0) return [...manifest.uploads];
  const byId = new Map(manifest.uploads.map((upload) => [upload.id, upload]));
  const missing = only.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    throw new InputError(
      `upload ${quote(missing[0] ?? '')}${missing.length > 1 ? ` (and ${missing.length - 1} more)` : ''} is not in the backup's manifest: check the IDs given to restore`,
    );
  }
  return only.flatMap((id) => byId.get(id) ?? []);
}
