/**
 * The settings completed with the entries of the list files they name (`upload-ids-file`,
 * `upload-tracks-file`).
 */
import { hasCriteria } from '../criteria/criteria.ts';
import { InputError } from '../common/errors.ts';
import { readListFile, type ListEntries, type ListFileEntries } from './list-file.ts';
import { type Files, type Places } from './files.ts';
import { shownValue } from '../common/shown-value.ts';
import { isUploadId, whyNotUploadId } from './upload-id.ts';
import { ACTION_WORDING, type Wording } from './wording.ts';
import { type TrackRef, type Settings } from './settings.ts';
import { DEFAULT_REPORT_NAME, secretOf, checkReportFile, checkBackupDir } from './run-files.ts';
import { quote } from './values.ts';
import { parseUploadTracks, assertUploadId, isTrackId } from './item-ids.ts';

/** How many entries came from the list files, for the log and the report. */
export interface ListFileCounts {
  readonly uploadIds: number;
  readonly uploadTracks: number;
}

/**
 * The settings with the entries of `upload-ids-file` and `upload-tracks-file` added to those
 * of the inputs, each once (the first occurrence keeps its place). Throws InputError naming the
 * file, and the line, of the first problem.
 */
export function withListFiles(
  settings: Settings,
  places: Places,
  files: Files,
  wording: Wording = ACTION_WORDING,
  defaultReportName: string = DEFAULT_REPORT_NAME,
): Settings & { fromFiles: ListFileCounts; fromInputs: { uploadIds: number } } {
  // Without criteria in scope ids, the given IDs are the selection: its size is known now.
  const known = settings.scope === 'ids' && !hasCriteria(settings.criteria);
  const tooMany = (named: string) => (entries: number) =>
    `${named} holds ${entries.toLocaleString('en-US')} entries, more than max-deletions (${settings.maxDeletions}) allows: nothing was sent; if that many is intended, set ${wording.setting('max-deletions', String(entries))} (or more), otherwise split the list over several ${wording.runs}`;
  const read = (
    input: string,
    path: string | undefined,
    entry: Pick<ListEntries, 'isEntry' | 'what' | 'why'>,
  ): ListFileEntries =>
    path === undefined
      ? { entries: [], count: 0 }
      : readListFile(input, path, places, files, {
          ...entry,
          secret: secretOf(settings),
          wording,
          most: known ? { count: settings.maxDeletions, tooMany: tooMany(`${input} ${quote(path)}`) } : undefined,
        });
  const ids = read('upload-ids-file', settings.uploadIdsFile, {
    isEntry: isUploadId,
    what: 'an upload ID',
    why: whyNotUploadId,
  });
  const trackEntries = read('upload-tracks-file', settings.uploadTracksFile, {
    isEntry: isTrackEntry,
    what: 'UPLOAD_ID/TRACK_ID or UPLOAD_ID/*',
  });
  checkReportFile(settings, places, files, defaultReportName);
  checkBackupDir(settings, places, files, defaultReportName);
  const tracks = splitTracks(trackEntries.entries);
  const uploadTracks = new Map<string, TrackRef>();
  for (const track of [...settings.uploadTracks, ...parseUploadTracks(tracks.some)]) {
    uploadTracks.set(
      `${track.uploadId}/${track.trackId}`,
      uploadTracks.get(`${track.uploadId}/${track.trackId}`) ?? track,
    );
  }
  const uploadIds = [...new Set([...settings.uploadIds, ...ids.entries])];
  const selected = uploadIds.length + uploadTracks.size;
  if (known && selected > settings.maxDeletions) {
    throw new InputError(
      `the inputs name ${selected.toLocaleString('en-US')} uploads and tracks, more than max-deletions (${settings.maxDeletions}) allows: nothing was sent; if that many is intended, set ${wording.setting('max-deletions', String(selected))} (or more), otherwise name fewer`,
    );
  }
  return {
    ...settings,
    uploadIds,
    uploadTracks: [...uploadTracks.values()],
    allTracksOf: [...new Set([...settings.allTracksOf, ...tracks.all])],
    fromFiles: { uploadIds: ids.count, uploadTracks: trackEntries.count },
    fromInputs: { uploadIds: settings.uploadIds.length },
  };
}

function isTrackEntry(entry: string): boolean {
  const slash = entry.indexOf('/');
  if (slash < 0) return false;
  const trackId = entry.slice(slash + 1);
  return isUploadId(entry.slice(0, slash)) && (trackId === '*' || isTrackId(trackId));
}

/** Separates `UPLOAD_ID/*` (every track of an upload) from single tracks. */
export function splitTracks(list: readonly string[]): { some: string[]; all: string[] } {
  const entries = [...new Set(list)];
  const all = entries.filter((entry) => entry.endsWith('/*')).map((entry) => entry.slice(0, -2));
  for (const id of all) assertUploadId(id, `upload-tracks entry ${shownValue(`${id}/*`)}:`);
  return { some: entries.filter((entry) => !entry.endsWith('/*')), all };
}
