import { chunk } from './chunk.ts';
import type { CmaClient, TrackInfo, UploadInfo } from './cma-client.ts';
import { criteriaQuery, hasCriteria } from './criteria.ts';
import { MAX_IDS_PER_REQUEST } from './cleanup.ts';
import { WholeLibraryError } from './errors.ts';
import { isTrackId, isUploadId, type Settings, type TrackRef } from './settings.ts';

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
  const notes: string[] = [];
  const [uploads, expanded] = await Promise.all([
    selectUploads(settings, client, notes),
    Promise.all(settings.allTracksOf.map(async (id) => ({ id, tracks: await client.listTracks(id) }))),
  ]);
  for (const { id, tracks } of expanded) {
    if (tracks === undefined) notes.push(`${id}/* selects no track: upload ${id} was not found (404)`);
  }
  const listed = expanded.flatMap((entry) => entry.tracks ?? []);
  const safe = listed.filter((track) => isTrackId(track.trackId));
  if (safe.length < listed.length) {
    const bad = listed
      .filter((track) => !isTrackId(track.trackId))
      .map((t) => JSON.stringify(`${t.uploadId}/${t.trackId}`));
    notes.push(`the API listed track IDs that cannot be put in a path safely, left out: ${bad.slice(0, 5).join(', ')}`);
  }
  const tracks = uniqueTracks([...settings.uploadTracks, ...safe]);
  return { ...uploads, tracks, described: describe(settings), notes };
}

/**
 * The whole-library listing, not trusted blindly: IDs that are not upload IDs are left out, and
 * so are uploads newer than a `_created_at` `lt` bound (the API ignored it?). If a `filter` matched
 * every upload of the library, the API may have ignored a field name it does not know: refused.
 */
async function selectFromLibrary(
  settings: SelectionSettings,
  client: CmaClient,
  notes: string[],
): Promise<UploadInfo[]> {
  const [listed, total] = await Promise.all([
    client.listUploads(criteriaQuery(settings.criteria)),
    settings.criteria.hasFilterInput ? client.countUploads() : Promise.resolve(undefined),
  ]);
  if (total !== undefined && total > 0 && listed.length >= total) throw new WholeLibraryError(total);
  const bound = settings.criteria.fields._created_at?.lt;
  const before = typeof bound === 'string' ? Date.parse(bound) : Number.NaN;
  const newer = (u: UploadInfo) => u.createdAt !== undefined && Date.parse(u.createdAt) >= before;
  const uploads = listed.filter((u) => isUploadId(u.id) && !newer(u));
  if (uploads.length < listed.length) {
    notes.push(
      `${listed.length - uploads.length} upload(s) the API listed were left out: an ID that is not an upload ID, or created after the older-than bound`,
    );
  }
  return uploads;
}

async function selectUploads(
  settings: SelectionSettings,
  client: CmaClient,
  notes: string[],
): Promise<Pick<Selection, 'uploadIds' | 'uploads'>> {
  if (settings.scope === 'library') {
    const uploads = await selectFromLibrary(settings, client, notes);
    return { uploadIds: uploads.map((upload) => upload.id), uploads };
  }
  const filter = criteriaQuery(settings.criteria);
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
