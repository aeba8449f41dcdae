import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../common/errors.ts';
import { isRecord } from '../common/guards.ts';
import { isUploadId } from '../settings/upload-id.ts';
import { quote } from '../settings/values.ts';

/** The ID map's name in the backup folder. */
export const ID_MAP_NAME = 'id-map.json';
const KIND = 'datocms-media-cleanup-id-map';
const MAX_ID_MAP_BYTES = 64 * 1024 * 1024;

/** Old upload ID → new upload ID, for the uploads a restore re-created, with where they went. */
export interface IdMap {
  /** The environment the uploads were re-created in (its real ID, or as targeted). */
  readonly environment: string | null;
  readonly restored: Map<string, string>;
  /**
   * Old upload ID → the creation job the API accepted for it, not yet seen finished: the next
   * restore asks that job instead of creating the upload again.
   */
  readonly pending: Map<string, string>;
  /**
   * Old upload ID → why it may exist already (a creation sent without an answer): never created
   * again until a person has looked and removed the entry.
   */
  readonly uncertain: Map<string, string>;
}

/** The folder's ID map, or an empty one when there is none yet. Throws InputError when it is damaged. */
export function readIdMap(dir: string): IdMap {
  const path = join(dir, ID_MAP_NAME);
  const stats = lstatSync(path, { throwIfNoEntry: false });
  if (stats === undefined) return { environment: null, restored: new Map(), pending: new Map(), uncertain: new Map() };
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
  const entries = (name: string, value: unknown, isValue: (text: string) => boolean): Map<string, string> => {
    if (value === undefined) return new Map();
    if (!isRecord(value)) throw damaged(`has a ${name} that is not an object`);
    const map = new Map<string, string>();
    for (const [oldId, entry] of Object.entries(value)) {
      if (!isUploadId(oldId) || typeof entry !== 'string' || !isValue(entry)) {
        throw damaged(`has a ${name} entry ${quote(oldId)} that is not one`);
      }
      map.set(oldId, entry);
    }
    return map;
  };
  return {
    environment,
    restored: entries('restored', parsed.restored, isUploadId),
    pending: entries('pending', parsed.pending, (job) => /^[A-Za-z0-9_-]{1,64}$/.test(job)),
    uncertain: entries('uncertain', parsed.uncertain, (why) => why.length <= 2048),
  };
}

/** The ID map as text (written whole after every upload re-created, so that a restore can resume). */
export function idMapText(map: IdMap, updatedAt: Date): string[] {
  const document = {
    schemaVersion: 1,
    kind: KIND,
    updatedAt: updatedAt.toISOString(),
    environment: map.environment,
    restored: Object.fromEntries(map.restored),
    pending: Object.fromEntries(map.pending),
    uncertain: Object.fromEntries(map.uncertain),
  };
  return [`${JSON.stringify(document, null, 2)}\n`];
}
