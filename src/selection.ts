import { chunk } from './chunk.ts';
import type { CmaClient, TrackInfo, UploadInfo } from './cma-client.ts';
import { criteriaQuery, hasCriteria } from './criteria.ts';
import { MAX_IDS_PER_REQUEST } from './cleanup.ts';
import type { Settings, TrackRef } from './settings.ts';

/** What a run is to delete, and what the summary tells of it. */
export interface Selection {
  /** Upload IDs to delete, in input (or listing) order. */
  readonly uploadIds: readonly string[];
  /** Details of the selected uploads, when they were listed (criteria, library scope, dry-run). */
  readonly uploads: readonly UploadInfo[] | undefined;
  /** Tracks to delete: those listed one by one and every track of the `UPLOAD_ID/*` uploads. */
  readonly tracks: readonly (TrackRef & { readonly name?: string | undefined })[];
  /** Where the uploads came from and the criteria, in words. */
  readonly described: readonly string[];
  /** Things the user should know, e.g. an `UPLOAD_ID/*` whose upload does not exist. */
  readonly notes: readonly string[];
}

type SelectionSettings = Pick<Settings, 'uploadIds' | 'uploadTracks' | 'allTracksOf' | 'scope' | 'criteria' | 'dryRun'>;

/** True when the inputs select nothing without asking the API (an empty list is not "everything"). */
export function selectsNothing(settings: SelectionSettings): boolean {
  return (
    settings.scope === 'ids' &&
    settings.uploadIds.length === 0 &&
    settings.uploadTracks.length === 0 &&
    settings.allTracksOf.length === 0
  );
}

/** Resolves the inputs into the uploads and tracks to delete; sends only GET requests. */
export async function select(settings: SelectionSettings, client: CmaClient): Promise<Selection> {
  const [uploads, expanded] = await Promise.all([
    selectUploads(settings, client),
    Promise.all(settings.allTracksOf.map(async (id) => ({ id, tracks: await client.listTracks(id) }))),
  ]);
  const notes = expanded
    .filter((entry) => entry.tracks === undefined)
    .map((entry) => `${entry.id}/* selects no track: upload ${entry.id} was not found (404)`);
  const tracks = uniqueTracks([...settings.uploadTracks, ...expanded.flatMap((entry) => entry.tracks ?? [])]);
  return { ...uploads, tracks, described: describe(settings), notes };
}

async function selectUploads(
  settings: SelectionSettings,
  client: CmaClient,
): Promise<Pick<Selection, 'uploadIds' | 'uploads'>> {
  const filter = criteriaQuery(settings.criteria);
  if (settings.scope === 'library') {
    const uploads = await client.listUploads(filter);
    return { uploadIds: uploads.map((upload) => upload.id), uploads };
  }
  if (settings.uploadIds.length === 0) return { uploadIds: [], uploads: [] };
  const narrowed = hasCriteria(settings.criteria);
  if (!narrowed && !settings.dryRun) return { uploadIds: settings.uploadIds, uploads: undefined };
  const pages = await Promise.all(
    chunk(settings.uploadIds, MAX_IDS_PER_REQUEST).map((ids) =>
      client.listUploads({ ...filter, 'filter[ids]': ids.join(',') }),
    ),
  );
  const found = new Map(pages.flat().map((upload) => [upload.id, upload]));
  // Without criteria every listed ID is selected, found or not: a real run would try them all.
  const uploadIds = narrowed ? settings.uploadIds.filter((id) => found.has(id)) : settings.uploadIds;
  const uploads = uploadIds.map(
    (id) => found.get(id) ?? { id, filename: '(not found)', size: undefined, createdAt: undefined },
  );
  return { uploadIds, uploads };
}

function uniqueTracks(tracks: readonly (TrackRef | TrackInfo)[]): Selection['tracks'] {
  const seen = new Map<string, Selection['tracks'][number]>();
  for (const track of tracks) {
    const key = `${track.uploadId}/${track.trackId}`;
    if (!seen.has(key)) seen.set(key, { ...track });
  }
  return [...seen.values()];
}

function describe(settings: SelectionSettings): string[] {
  const source =
    settings.scope === 'library'
      ? 'uploads of the whole media library (scope: library)'
      : `the ${settings.uploadIds.length} upload ID(s) given in upload-ids`;
  const criteria = settings.criteria.described;
  const lines = [criteria.length > 0 ? `${source}, keeping those: ${criteria.join('; ')}` : source];
  if (settings.uploadTracks.length > 0) lines.push(`${settings.uploadTracks.length} track(s) given in upload-tracks`);
  if (settings.allTracksOf.length > 0) {
    lines.push(`every track of ${settings.allTracksOf.length} upload(s) given as UPLOAD_ID/* in upload-tracks`);
  }
  return lines;
}
