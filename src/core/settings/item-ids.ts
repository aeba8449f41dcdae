/** The items and places a user names by ID: uploads, tracks (`UPLOAD_ID/TRACK_ID`), environments. */
import { InputError } from '../common/errors.ts';
import { shownValue } from '../common/shown-value.ts';
import { whyNotUploadId } from './upload-id.ts';
import { type TrackRef } from './settings.ts';

/** Track IDs are opaque; these characters need no escaping, and a leading dot could make `..`. */
const TRACK_ID = /^[A-Za-z0-9_~-][A-Za-z0-9_.~-]*$/;

/** https://www.datocms.com/docs/content-management-api: environment ids. */
const ENVIRONMENT = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** Splits a list input on commas, whitespace and newlines, dropping empty entries and duplicates. */
export function splitList(raw: string): string[] {
  return [...new Set(raw.split(/[\s,]+/).filter((entry) => entry !== ''))];
}

export function parseUploadIds(raw: string): string[] {
  const ids = splitList(raw);
  for (const id of ids) assertUploadId(id, 'upload-ids entry');
  return ids;
}

/** Parses `UPLOAD_ID/TRACK_ID` entries, as `splitList` gives them. */
export function parseUploadTracks(entries: readonly string[]): TrackRef[] {
  return entries.map((entry) => {
    const slash = entry.indexOf('/');
    const uploadId = entry.slice(0, slash);
    const trackId = entry.slice(slash + 1);
    if (slash < 0 || !isTrackId(trackId)) {
      throw new InputError(
        `upload-tracks entry ${shownValue(entry)} is not of the form UPLOAD_ID/TRACK_ID (letters, digits, _ - . ~ in the track ID, not starting with a dot): fix or remove it`,
      );
    }
    assertUploadId(uploadId, `upload-tracks entry ${shownValue(entry)}:`);
    return { uploadId, trackId };
  });
}

export function assertUploadId(id: string, input: string): void {
  const why = whyNotUploadId(id);
  if (why !== undefined) throw new InputError(`${input} ${why}: fix or remove it`);
}

/** An environment ID as DatoCMS writes them (`main`, `staging-2026`). */
export function isEnvironmentId(text: string): boolean {
  return ENVIRONMENT.test(text);
}

export function parseEnvironment(raw: string): string | undefined {
  const environment = raw.trim();
  if (environment === '') return undefined;
  if (!ENVIRONMENT.test(environment)) {
    throw new InputError(
      `environment ${shownValue(environment)} is not a DatoCMS environment ID (lowercase letters, digits and dashes, e.g. staging-2): fix it, or leave it empty for the primary environment`,
    );
  }
  return environment;
}

/** Whether `id` can be a track ID safely put in a path (no `.` or `..` segment, nothing to escape). */
export function isTrackId(id: string): boolean {
  return TRACK_ID.test(id) && id.length <= 256;
}
