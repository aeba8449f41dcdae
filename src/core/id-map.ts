import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from './errors.ts';
import { isRecord } from './guards.ts';
import { isUploadId, quote } from './settings.ts';

/** The ID map's name in the backup folder. */
export const ID_MAP_NAME = 'id-map.json';
const KIND = 'datocms-media-cleanup-id-map';
const MAX_ID_MAP_BYTES = 64 * 1024 * 1024;

/** Old upload ID → new upload ID, for the uploads a restore re-created, with where they went. */
export interface IdMap {
  /** The environment the uploads were re-created in (its real ID, or as targeted). */
  readonly environment: string | null;
  readonly restored: Map<string, string>;
}

/** The folder's ID map, or an empty one when there is none yet. Throws InputError when it is damaged. */
export function readIdMap(dir: string): IdMap {
  const path = join(dir, ID_MAP_NAME);
  const stats = lstatSync(path, { throwIfNoEntry: false });
  if (stats === undefined) return { environment: null, restored: new Map() };
  const damaged = (why: string) =>
    new InputError(
      `the ID map ${quote(path)} ${why}: it records what earlier restores re-created; put the original back (deleting it would restore those uploads twice)`,
    );
  if (!stats.isFile() || stats.size > MAX_ID_MAP_BYTES) throw damaged('is not a regular file of a sensible size');
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw damaged('is not JSON');
  }
  if (!isRecord(parsed) || parsed.kind !== KIND || parsed.schemaVersion !== 1 || !isRecord(parsed.restored)) {
    throw damaged('is not an ID map');
  }
  const environment = parsed.environment;
  if (environment !== null && typeof environment !== 'string') throw damaged('has no environment');
  const restored = new Map<string, string>();
  for (const [oldId, newId] of Object.entries(parsed.restored)) {
    if (!isUploadId(oldId) || typeof newId !== 'string' || !isUploadId(newId))
      throw damaged(`maps ${quote(oldId)} to something that is not an upload ID`);
    restored.set(oldId, newId);
  }
  return { environment, restored };
}

/** The ID map as text (written whole after every upload re-created, so that a restore can resume). */
export function idMapText(map: IdMap, updatedAt: Date): string[] {
  const document = {
    schemaVersion: 1,
    kind: KIND,
    updatedAt: updatedAt.toISOString(),
    environment: map.environment,
    restored: Object.fromEntries(map.restored),
  };
  return [`${JSON.stringify(document, null, 2)}\n`];
}
