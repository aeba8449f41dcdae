import { chunk, nonEmpty } from '../common/chunk.ts';
import { MAX_IDS_PER_REQUEST, type CmaClient, type TrackInfo, type UploadReferences } from '../cma/cma-client.ts';
import { type UploadInfo, type UploadListing } from '../cma/upload-listing.ts';

import { conditionValue, criteriaQuery, hasCriteria, type Criteria } from '../criteria/criteria.ts';
import { InUseIgnoredError, WholeLibraryError } from './errors.ts';
import { UnexpectedAnswerError } from '../cma/errors.ts';
import type { SkipReason } from './failure-reason.ts';
import { describeCondition, isProvable } from '../criteria/upload-fields.ts';
import { keepProven, provingAttributes } from './listing-checks.ts';
import { type Settings, type TrackRef } from '../settings/settings.ts';
import { isTrackId } from '../settings/item-ids.ts';
import { quote } from '../settings/values.ts';
import { shortList } from '../common/short-list.ts';

/** What a run is to delete, and what the summary tells of it. */
export interface Selection {
  /** Upload IDs to delete, in input (or listing) order, each once. */
  readonly uploadIds: readonly string[];
  /** Details of the selected uploads, when they were listed (criteria, library scope, dry-run). */
  readonly uploads: readonly UploadInfo[] | undefined;
  /**
   * Uploads that matched but were not listed: more matched than max-deletions, so the listing
   * stopped after its first page. A real run refuses such a selection; a dry run shows a part.
   */
  readonly unlisted: number;
  /** Tracks to delete: those listed one by one and every track of the `UPLOAD_ID/*` uploads. */
  readonly tracks: readonly (TrackRef & { readonly name?: string | undefined })[];
  /** Where the uploads came from and the criteria, in words. */
  readonly described: readonly string[];
  /** Things the user should know, e.g. an `UPLOAD_ID/*` whose upload does not exist. */
  readonly notes: readonly string[];
  /**
   * Applying a plan: its items that changed since it was made, each with why; they are not
   * deleted, and are in neither `uploadIds` nor `tracks`.
   */
  readonly skipped?: readonly SkippedItem[];
}

/** A planned item left alone: an upload ID, or `UPLOAD_ID/TRACK_ID` for a track. */
export interface SkippedItem {
  readonly kind: 'upload' | 'track';
  readonly id: string;
  readonly reason: SkipReason;
  /** What the re-check listed of an upload that is still there. */
  readonly listed?: UploadInfo | undefined;
  /** What showed the change, in words for the log. */
  readonly why?: string | undefined;
  /** `confirm-unused`: the records its references named (the first few, and how many). */
  readonly references?: UploadReferences | undefined;
}

type SelectionSettings = Pick<
  Settings,
  'uploadIds' | 'uploadTracks' | 'allTracksOf' | 'scope' | 'criteria' | 'dryRun' | 'maxDeletions'
> &
  Partial<Pick<Settings, 'uploadIdsFile' | 'uploadTracksFile'>> & {
    /** How many upload IDs the upload-ids input gave, the file's added to them. */
    readonly fromInputs?: { readonly uploadIds: number };
  };
type SelectedUploads = Pick<Selection, 'uploadIds' | 'uploads' | 'unlisted'>;

/**
 * Library pages are read in a stable order, oldest first: a library that changes while it is
 * paged then shifts fewer uploads between pages (and those that shift are counted as repeats).
 * No tie-break on `id`: whether the API orders by it is not documented.
 */
const LIBRARY_ORDER = '_created_at_ASC';

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
    const bad = listed.filter((track) => !isTrackId(track.trackId)).map((t) => quote(`${t.uploadId}/${t.trackId}`));
    notes.push(
      `the API listed ${bad.length} track ID(s) that cannot be put in a path safely, left out: ${shortList(bad, 5)}`,
    );
  }
  const tracks = uniqueTracks([...settings.uploadTracks, ...safe]);
  return { ...uploads, tracks, described: describe(settings), notes };
}

/**
 * The whole-library listing, read no further than max-deletions allows. If criteria that hold a
 * `filter`, or a criterion no listing can prove (`only-unused`, the query), matched every upload
 * of the library, the API may have ignored one of them: refused, naming those no listing can
 * prove (what is proven on each listed upload is checked there anyway). A listing past
 * max-deletions is refused, or shown as a part, before this matters.
 */
async function selectFromLibrary(
  settings: SelectionSettings,
  client: CmaClient,
  notes: string[],
): Promise<SelectedUploads> {
  const { criteria } = settings;
  const unproven = takenOnTrust(criteria);
  const query = { ...criteriaQuery(criteria), order_by: LIBRARY_ORDER };
  const guarded = criteria.hasFilterInput || unproven.length > 0;
  const [listing, libraryTotal] = await Promise.all([
    client.listUploads(query, settings.maxDeletions, provingAttributes(criteria)),
    guarded ? client.countUploads() : Promise.resolve(undefined),
  ]);
  if (libraryTotal !== undefined && listing.total > libraryTotal) {
    throw new UnexpectedAnswerError(
      'GET /uploads',
      `a total_count of ${listing.total} matching uploads, in a library of ${libraryTotal}`,
    );
  }
  // Past max-deletions, a real run stops and a dry run shows a part: the cap says why, first.
  if (listing.complete && libraryTotal !== undefined && libraryTotal > 0 && listing.total === libraryTotal) {
    throw new WholeLibraryError(libraryTotal, unproven);
  }
  notes.push(...listingNotes(listing));
  if (!listing.complete) {
    const listed =
      listing.uploads.length < listing.total ? `: only the first ${listing.uploads.length} were listed` : '';
    notes.push(`${listing.total} uploads matched, more than max-deletions (${settings.maxDeletions})${listed}`);
  }
  const uploads = keepProven(listing.uploads, settings.criteria, notes);
  if (listing.complete) await proveInUseApplied(uploads, criteria, client);
  const unlisted = listing.complete ? 0 : listing.total - listing.uploads.length;
  return { uploadIds: uploads.map((upload) => upload.id), uploads, unlisted };
}

async function selectUploads(
  settings: SelectionSettings,
  client: CmaClient,
  notes: string[],
): Promise<SelectedUploads> {
  if (settings.scope === 'library') return selectFromLibrary(settings, client, notes);
  if (settings.uploadIds.length === 0) return { uploadIds: [], uploads: [], unlisted: 0 };
  const narrowed = hasCriteria(settings.criteria);
  if (!narrowed && !settings.dryRun) return { uploadIds: settings.uploadIds, uploads: undefined, unlisted: 0 };
  const found = await listGivenIds(settings.uploadIds, settings.criteria, client, notes);
  if (!narrowed) {
    // Without criteria every given ID is selected, found or not: a real run would try them all.
    const uploads = settings.uploadIds.map(
      (id) => found.get(id) ?? { id, filename: '(not found)', size: undefined, createdAt: undefined },
    );
    return { uploadIds: settings.uploadIds, uploads, unlisted: 0 };
  }
  const listed = settings.uploadIds.flatMap((id) => found.get(id) ?? []);
  const uploads = keepProven(listed, settings.criteria, notes);
  await proveInUseApplied(uploads, settings.criteria, client);
  return { uploadIds: uploads.map((upload) => upload.id), uploads, unlisted: 0 };
}

/**
 * Lists the given IDs with the criteria, 200 per request. Only the IDs asked for are taken from
 * an answer: an upload the API adds of its own is never selected.
 */
export async function listGivenIds(
  uploadIds: readonly string[],
  criteria: Criteria,
  client: CmaClient,
  notes: string[],
): Promise<Map<string, UploadInfo>> {
  const filter = criteriaQuery(criteria);
  const keep = provingAttributes(criteria);
  const chunks = chunk(uploadIds, MAX_IDS_PER_REQUEST);
  const listings = await Promise.all(
    chunks.map((ids) => client.listUploads({ ...filter, 'filter[ids]': ids.join(',') }, ids.length, keep)),
  );
  const found = new Map<string, UploadInfo>();
  let foreign = 0;
  for (const [index, listing] of listings.entries()) {
    const asked = new Set(chunks[index]);
    notes.push(...listingNotes(listing));
    for (const upload of listing.uploads) {
      if (asked.has(upload.id)) found.set(upload.id, upload);
      else foreign++;
    }
  }
  if (foreign > 0) notes.push(`the API listed ${foreign} upload(s) that were not asked for in filter[ids]: ignored`);
  return found;
}

/**
 * `in_use` is shown by no listed attribute, but an API that ignores it can be caught: the first
 * 200 selected uploads, asked for again by ID with `in_use` flipped (one request, whose answer
 * must add up like every lookup by ID), must come back none. Throws InUseIgnoredError when one
 * does: nothing is deleted.
 */
export async function proveInUseApplied(
  selected: readonly Pick<UploadInfo, 'id'>[],
  criteria: Criteria,
  client: Pick<CmaClient, 'uploadsInUse'>,
): Promise<void> {
  const value = conditionValue(criteria.conditions, 'in_use', 'eq');
  const ids = nonEmpty(selected.slice(0, MAX_IDS_PER_REQUEST).map((upload) => upload.id));
  if (typeof value !== 'boolean' || ids === undefined) return;
  const both = (await client.uploadsInUse(ids, !value)).size;
  if (both > 0) throw new InUseIgnoredError(both, value);
}

/** The criteria in words that no listing can prove: what the API answers for them is taken on its word. */
export function takenOnTrust(criteria: Criteria): string[] {
  const conditions = criteria.conditions
    .filter((c) => !isProvable(c))
    .map((c) => (c.field === 'in_use' && criteria.onlyUnused ? 'only-unused (in_use eq false)' : describeCondition(c)));
  return criteria.query === undefined ? conditions : [...conditions, `query ${JSON.stringify(criteria.query)}`];
}

/** What a listing did that the user should know of: repeated entries, entries past its total. */
function listingNotes(listing: UploadListing): string[] {
  const notes: string[] = [];
  if (listing.repeated > 0) {
    notes.push(`the listing repeated ${listing.repeated} upload(s) (pages shifted or repeated): each is selected once`);
  }
  if (listing.conflicting > 0) {
    notes.push(
      `the listing gave ${listing.conflicting} upload(s) twice with different created_at, md5, size or other attributes the criteria are proven on: left out`,
    );
  }
  if (listing.beyondTotal > 0) {
    notes.push(
      `the listing held ${listing.beyondTotal} upload(s) more than its total_count (${listing.total}) announced: left out`,
    );
  }
  return notes;
}

function uniqueTracks(tracks: readonly (TrackRef | TrackInfo)[]): Selection['tracks'] {
  const seen = new Map<string, Selection['tracks'][number]>();
  for (const track of tracks) {
    const key = `${track.uploadId}/${track.trackId}`;
    if (!seen.has(key)) seen.set(key, { ...track });
  }
  return [...seen.values()];
}

/** Where the uploads come from, in words; undefined when no upload is asked for (tracks only). */
function uploadSource(settings: SelectionSettings): string | undefined {
  if (settings.scope === 'library') return 'uploads of the whole media library (scope: library)';
  if (settings.uploadIds.length === 0 && settings.uploadIdsFile === undefined) return undefined;
  const from = settings.uploadIdsFile === undefined ? 'upload-ids' : `upload-ids-file (${settings.uploadIdsFile})`;
  const inputs = settings.fromInputs?.uploadIds ?? 1;
  const both = settings.uploadIdsFile !== undefined && inputs > 0 ? `upload-ids and ${from}` : from;
  return `the ${settings.uploadIds.length} upload ID(s) given in ${both}`;
}

function describe(settings: SelectionSettings): string[] {
  const criteria = settings.criteria.described;
  const lines: string[] = [];
  const source = uploadSource(settings);
  if (source !== undefined)
    lines.push(criteria.length > 0 ? `${source}, keeping those: ${criteria.join('; ')}` : source);
  const tracksFrom = settings.uploadTracksFile === undefined ? 'upload-tracks' : 'upload-tracks and upload-tracks-file';
  if (settings.uploadTracks.length > 0) lines.push(`${settings.uploadTracks.length} track(s) given in ${tracksFrom}`);
  if (settings.allTracksOf.length > 0) {
    lines.push(`every track of ${settings.allTracksOf.length} upload(s) given as UPLOAD_ID/* in ${tracksFrom}`);
  }
  return lines;
}
