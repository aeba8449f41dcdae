import { hasCriteria, parseCriteria, type Criteria } from '../criteria/criteria.ts';
import { InputError } from '../common/errors.ts';
import { INPUTS } from './inputs.ts';
import { join, resolve, sep } from 'node:path';
import {
  readListFile,
  resolvePath,
  type Files,
  type ListEntries,
  type ListFileEntries,
  type Places,
} from './list-file.ts';
import { MIN_SECRET_LENGTH } from '../common/secret.ts';
import { shownUrl, shownValue } from '../common/shown-value.ts';
import { isUploadId, whyNotUploadId } from './upload-id.ts';
import { ACTION_WORDING, type Wording } from './wording.ts';

/** One upload track to delete: `UPLOAD_ID/TRACK_ID` in the `upload-tracks` input. */
export interface TrackRef {
  readonly uploadId: string;
  readonly trackId: string;
}

/** Everything the action needs, built once from the raw inputs and validated before any request. */
export interface Settings {
  /** CMA API token (`api-token`, required). Masked before anything is logged. */
  readonly apiToken: string;
  /** Upload IDs to delete (`upload-ids`), in input order, without duplicates. Default: none. */
  readonly uploadIds: readonly string[];
  /** Upload tracks to delete (`upload-tracks`), in input order, without duplicates. Default: none. */
  readonly uploadTracks: readonly TrackRef[];
  /** Uploads whose every track is to be deleted (`UPLOAD_ID/*` in `upload-tracks`). Default: none. */
  readonly allTracksOf: readonly string[];
  /** Where the criteria apply (`scope`): `ids` narrows `upload-ids`, `library` selects from the whole media library. Default `ids`. */
  readonly scope: 'ids' | 'library';
  /** `filter`, `query`, `only-unused` and `older-than`, merged. Default: none. */
  readonly criteria: Criteria;
  /** Most uploads and tracks one run may delete (`max-deletions`); more fails before deleting. Default 1000. */
  readonly maxDeletions: number;
  /** Select and report, delete nothing (`dry-run`). Default false. */
  readonly dryRun: boolean;
  /** Sandbox environment sent as `X-Environment` (`environment`); undefined = primary. */
  readonly environment: string | undefined;
  /** Fail the step when any deletion failed (`fail-on-failed`). Default false. */
  readonly failOnFailed: boolean;
  /** Milliseconds to wait for all the jobs to finish (`job-timeout`, in seconds). Default 600 s. */
  readonly jobTimeoutMs: number;
  /** API origin, without a trailing slash (`base-url`). Default https://site-api.datocms.com. */
  readonly baseUrl: string;
  /**
   * How uploads are deleted (`delete-endpoint`): `auto` tries `DELETE /uploads/batch-destroy`
   * and switches to `POST /uploads/bulk/destroy` once the API says the route is gone;
   * `batch-destroy` and `bulk-destroy` use only that one. Default `auto`.
   */
  readonly deleteEndpoint: DeleteEndpoint;
  /**
   * After each upload job reports success, confirm with `GET /uploads?filter[ids]=...` that its
   * uploads are gone (`verify`): what still exists counts as failed, whatever the job said.
   * One more request per 200 uploads. Default false.
   */
  readonly verify: boolean;
  /** `upload-ids-file` as given (relative paths start at the workspace); undefined when unset. */
  readonly uploadIdsFile: string | undefined;
  /** `upload-tracks-file` as given; undefined when unset. */
  readonly uploadTracksFile: string | undefined;
  /** `report-file` as given; undefined = `datocms-media-cleanup-report.json` in the run's temporary folder. */
  readonly reportFile: string | undefined;
  /** `backup-dir` as given: where every selected item is saved before its deletion; undefined = no backup. */
  readonly backupDir: string | undefined;
  /** `backup-max-bytes`: the most the selected uploads' listed sizes may add up to when backing up. Default 5 GB. */
  readonly backupMaxBytes: number;
}

export type DeleteEndpoint = 'auto' | 'batch-destroy' | 'bulk-destroy';
const DELETE_ENDPOINTS: readonly DeleteEndpoint[] = ['auto', 'batch-destroy', 'bulk-destroy'];

/** Reads one raw input by its action.yml name; '' when unset (as `core.getInput` does). */
export type InputReader = (name: string) => string;

export const DEFAULT_BASE_URL = 'https://site-api.datocms.com';
/** GitHub-hosted jobs run for 6 hours at most: a longer wait is a typo. */
const MAX_JOB_TIMEOUT_SECONDS = 6 * 60 * 60;
/** Track IDs are opaque; these characters need no escaping, and a leading dot could make `..`. */
const TRACK_ID = /^[A-Za-z0-9_~-][A-Za-z0-9_.~-]*$/;
/** https://www.datocms.com/docs/content-management-api: environment ids. */
const ENVIRONMENT = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
/** CMA tokens are about 40 characters; a secret far longer holds something else (and would not fit a header). */
const MAX_TOKEN_LENGTH = 512;

/** Most deletions one run may make unless `max-deletions` says otherwise. */
export const DEFAULT_MAX_DELETIONS = 1000;

/** `plan-max-age` unless given: a plan a week old is still the library a reviewer saw, more or less. */
export const DEFAULT_PLAN_MAX_AGE = '7d';

/**
 * Builds the settings from the raw inputs; throws InputError quoting the first bad value.
 * `now` is the time `older-than` counts back from.
 */
export function readSettings(input: InputReader, now: Date = new Date(), wording: Wording = ACTION_WORDING): Settings {
  const apiToken = parseToken(input('api-token'), wording);
  refuseTokenInInputs(input, apiToken, wording);
  const tracks = splitTracks(splitList(input('upload-tracks')));
  const settings: Settings = {
    apiToken,
    uploadIds: parseUploadIds(input('upload-ids')),
    uploadTracks: parseUploadTracks(tracks.some),
    allTracksOf: tracks.all,
    environment: parseEnvironment(input('environment')),
    failOnFailed: parseBoolean('fail-on-failed', input('fail-on-failed') || 'false'),
    jobTimeoutMs: parseJobTimeout(input('job-timeout') || '600'),
    baseUrl: parseBaseUrl(input('base-url') || DEFAULT_BASE_URL),
    scope: parseScope(input('scope') || 'ids'),
    criteria: parseCriteria(
      {
        filter: input('filter'),
        query: input('query'),
        onlyUnused: parseBoolean('only-unused', input('only-unused') || 'false'),
        olderThan: input('older-than'),
      },
      now,
    ),
    maxDeletions: parseMaxDeletions(input('max-deletions') || String(DEFAULT_MAX_DELETIONS)),
    dryRun: parseBoolean('dry-run', input('dry-run') || 'false'),
    deleteEndpoint: parseDeleteEndpoint(input('delete-endpoint') || 'auto'),
    verify: parseBoolean('verify', input('verify') || 'false'),
    uploadIdsFile: parsePath('upload-ids-file', input('upload-ids-file')),
    uploadTracksFile: parsePath('upload-tracks-file', input('upload-tracks-file')),
    reportFile: parsePath('report-file', input('report-file')),
    backupDir: parseFolder('backup-dir', input('backup-dir')),
    backupMaxBytes: parseByteCount('backup-max-bytes', input('backup-max-bytes') || DEFAULT_BACKUP_MAX_BYTES),
  };
  if (input('restore-from').trim() !== '') {
    throw new InputError('restore-from is set: that run is a restore, whose settings are read by readRestoreSettings');
  }
  checkScope(settings, wording);
  const maxBytes = input('backup-max-bytes').trim();
  if (settings.backupDir === undefined && maxBytes !== '' && maxBytes !== DEFAULT_BACKUP_MAX_BYTES) {
    throw new InputError(
      'backup-max-bytes is set but backup-dir is empty: nothing would be backed up before deleting; set backup-dir to a new folder, or remove backup-max-bytes',
    );
  }
  return settings;
}

/**
 * Throws InputError for the first of `inputs` (each with its default) that is set to anything
 * else: beside `restore-from` or `plan-file`, an input that selects would be ignored, or change
 * what was reviewed. `message` says why, naming the input.
 */
export function refuseSetBeside(
  input: InputReader,
  inputs: readonly (readonly [name: string, fallback: string])[],
  message: (name: string) => string,
): void {
  for (const [name, fallback] of inputs) {
    const value = input(name).trim();
    if (value !== '' && value !== fallback) throw new InputError(message(name));
  }
}

/**
 * Refuses the token in any raw input but api-token, before any is parsed: a refusal of a value
 * quotes a piece of it, and a piece of the token must not be printed either. Looked for in any
 * case, and %-decoded (a URL may escape it).
 */
export function refuseTokenInInputs(input: InputReader, token: string, wording: Wording): void {
  if (token.length < MIN_SECRET_LENGTH) return;
  const lower = token.toLowerCase();
  const holds = (value: string) => value.toLowerCase().includes(lower) || decoded(value).toLowerCase().includes(lower);
  refuseTokenIn(
    INPUTS.filter(({ name }) => name !== 'api-token').map(({ name }) => [name, holds(input(name))] as const),
    wording,
  );
}

/** Throws for the first input, by name, that holds the token; the message never quotes it. */
export function refuseTokenIn(places: readonly (readonly [string, boolean])[], wording: Wording): void {
  const found = places.find(([, holds]) => holds);
  if (found !== undefined) {
    throw new InputError(
      `${found[0]} holds the API token (not shown): pass the token only in ${wording.token}, and check which secret ${found[0]} reads`,
    );
  }
}

/** `text` with its %-escapes decoded, as a server would read it; as it is when they are broken. */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The name of the report written when `report-file` is empty, in the run's temporary folder. */
export const DEFAULT_REPORT_NAME = 'datocms-media-cleanup-report.json';
/** The same for a restore, so that it never replaces the report of the cleanup it undoes. */
export const DEFAULT_RESTORE_REPORT_NAME = 'datocms-media-cleanup-restore-report.json';
/**
 * The same for a run that applies a plan: the plan is a dry run's report, by default in the same
 * folder under DEFAULT_REPORT_NAME, so the apply's report must not take that name too.
 */
export const DEFAULT_APPLY_REPORT_NAME = 'datocms-media-cleanup-apply-report.json';

/** Where the report goes: `report-file` from the workspace, or the default name in the temporary folder. */
export function reportPath(
  settings: Pick<Settings, 'reportFile'>,
  places: Places,
  defaultName: string = DEFAULT_REPORT_NAME,
): string {
  return settings.reportFile === undefined
    ? join(places.reportDir, defaultName)
    : resolvePath(settings.reportFile, places);
}

/** Most characters of a path input: far past any real path, short enough to quote. */
const MAX_PATH_LENGTH = 4096;

export function parsePath(name: string, raw: string): string | undefined {
  const path = raw.trim();
  if (path === '') return undefined;
  if (/[/\\]$/.test(path)) {
    throw new InputError(`${name} ${quote(path)} ends with a slash: give the path of a file in that folder`);
  }
  if (path.length > MAX_PATH_LENGTH || /\p{Cc}/u.test(path)) {
    throw new InputError(`${name} ${quote(path)} is not a file path (too long, or holding control characters): fix it`);
  }
  return path;
}

/** A folder path: like a file path, but a trailing slash is fine. */
export function parseFolder(name: string, raw: string): string | undefined {
  const path = raw.trim();
  if (path === '') return undefined;
  if (path.length > MAX_PATH_LENGTH || /\p{Cc}/u.test(path)) {
    throw new InputError(
      `${name} ${quote(path)} is not a folder path (too long, or holding control characters): fix it`,
    );
  }
  return path;
}

export const DEFAULT_BACKUP_MAX_BYTES = '5GB';
const BYTE_UNITS: Readonly<Record<string, number>> = { B: 1, KB: 2 ** 10, MB: 2 ** 20, GB: 2 ** 30, TB: 2 ** 40 };

/** `5GB`, `500 MB`, `1.5TB`, `1048576`: units are powers of 1024 (KiB, MiB... are read the same). */
export function parseByteCount(name: string, raw: string): number {
  const value = raw.trim();
  const match = /^(\d+(?:\.\d+)?)\s*([KMGT]?i?B)?$/i.exec(value);
  const unit = (match?.[2] ?? 'B').toUpperCase().replace('IB', 'B');
  const bytes = match === null ? Number.NaN : Math.floor(Number(match[1]) * (BYTE_UNITS[unit] ?? Number.NaN));
  if (!(bytes >= 1 && bytes <= Number.MAX_SAFE_INTEGER)) {
    throw new InputError(
      `${name} is ${shownValue(value)}: expected a size of at least 1 byte with a unit, e.g. 5GB, 500MB or 100KB (powers of 1024)`,
    );
  }
  return bytes;
}

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

function secretOf(settings: Settings): string | undefined {
  return settings.apiToken.length >= MIN_SECRET_LENGTH ? settings.apiToken : undefined;
}

/**
 * The report must go to a file of its own: never over a list file the run reads, the runner's
 * own files, or something that is not a regular file (a device, a pipe, a directory).
 */
export function checkReportFile(
  settings: Pick<Settings, 'reportFile' | 'uploadIdsFile' | 'uploadTracksFile'> & { readonly planFile?: string },
  places: Places,
  files: Files,
  defaultName: string = DEFAULT_REPORT_NAME,
): void {
  const target = resolve(reportPath(settings, places, defaultName));
  // Compared through their folders' links too: `linked-folder/ids.txt` must not pass for another file.
  const real = (path: string) => files.realPath?.(resolve(path)) ?? resolve(path);
  const realTarget = real(target);
  const named =
    settings.reportFile === undefined
      ? `the report's default path ${quote(target)}`
      : `report-file ${quote(settings.reportFile)}`;
  const inputs = [settings.uploadIdsFile, settings.uploadTracksFile, settings.planFile].flatMap((path) =>
    path === undefined ? [] : [resolve(resolvePath(path, places))],
  );
  if (inputs.some((path) => path === target || real(path) === realTarget)) {
    const what = settings.planFile === undefined ? 'a list file the run reads' : 'the plan the run applies';
    throw new InputError(`${named} is ${what}: choose another path for the report`);
  }
  if ((places.reserved ?? []).some((path) => resolve(path) === target || real(path) === realTarget)) {
    throw new InputError(
      `${named} is one of the runner's own files (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY...): choose another path`,
    );
  }
  let found: ReturnType<Files['stat']>;
  try {
    found = files.stat(target);
  } catch {
    return; // writing it will say what is wrong
  }
  if (found?.link === true) {
    throw new InputError(
      `${named} is a symbolic link: give the path of a regular file (the report is written beside it and renamed over it, which would replace the link)`,
    );
  }
  if (found !== undefined && found.kind !== 'file') {
    throw new InputError(
      `${named} exists and is ${found.kind === 'directory' ? 'a directory' : 'not a regular file (a device or a pipe?)'}: choose the path of a file, or leave report-file empty`,
    );
  }
}

/**
 * A backup goes into a new or empty folder: never over an earlier backup, whose manifest and
 * files would be mixed with this one's or replaced.
 */
function checkBackupDir(settings: Settings, places: Places, files: Files, defaultReportName: string): void {
  if (settings.backupDir === undefined) return;
  const path = resolvePath(settings.backupDir, places);
  const named = `backup-dir ${quote(settings.backupDir)}`;
  checkReportOutside(settings, places, files, path, 'backup-dir', defaultReportName);
  let found: ReturnType<Files['stat']>;
  try {
    found = files.stat(path);
  } catch {
    return; // making it will say what is wrong
  }
  if (found === undefined) return;
  if (found.kind !== 'directory') {
    throw new InputError(`${named} exists and is not a folder: give the path of a new or empty folder`);
  }
  const entries = files.entries?.(path) ?? [];
  if (entries.length > 0) {
    throw new InputError(
      `${named} is not empty (it holds ${quote(entries[0] ?? '')}${entries.length > 1 ? ` and ${entries.length - 1} more` : ''}): give a new or empty folder, so that no earlier backup is mixed with this one or replaced`,
    );
  }
}

/**
 * The report must not go into a backup folder: written after the deletions (or the creations),
 * it would replace the manifest, a saved file or the ID map that undoes them.
 */
export function checkReportOutside(
  settings: Pick<Settings, 'reportFile'>,
  places: Places,
  files: Files,
  folder: string,
  input: string,
  defaultName: string = DEFAULT_REPORT_NAME,
): void {
  const real = (path: string) => files.realPath?.(resolve(path)) ?? resolve(path);
  const report = reportPath(settings, places, defaultName);
  const inside = (target: string, dir: string) => target === dir || target.startsWith(`${dir}${sep}`);
  if (inside(resolve(report), resolve(folder)) || inside(real(report), real(folder))) {
    throw new InputError(
      `report-file ${quote(settings.reportFile ?? report)} is inside ${input}: the report would replace what undoes the run (the manifest, a saved file or the ID map); choose a path outside that folder`,
    );
  }
}

function isTrackEntry(entry: string): boolean {
  const slash = entry.indexOf('/');
  if (slash < 0) return false;
  const trackId = entry.slice(slash + 1);
  return isUploadId(entry.slice(0, slash)) && (trackId === '*' || isTrackId(trackId));
}

/** Separates `UPLOAD_ID/*` (every track of an upload) from single tracks. */
function splitTracks(list: readonly string[]): { some: string[]; all: string[] } {
  const entries = [...new Set(list)];
  const all = entries.filter((entry) => entry.endsWith('/*')).map((entry) => entry.slice(0, -2));
  for (const id of all) assertUploadId(id, `upload-tracks entry ${shownValue(`${id}/*`)}:`);
  return { some: entries.filter((entry) => !entry.endsWith('/*')), all };
}

export function parseScope(raw: string): 'ids' | 'library' {
  const value = raw.trim();
  if (value === 'ids' || value === 'library') return value;
  throw new InputError(
    `scope is ${shownValue(value)}: expected ids (narrow upload-ids) or library (search the whole media library)`,
  );
}

export function parseDeleteEndpoint(raw: string): DeleteEndpoint {
  const value = raw.trim();
  const endpoint = DELETE_ENDPOINTS.find((name) => name === value);
  if (endpoint !== undefined) return endpoint;
  throw new InputError(
    `delete-endpoint is ${shownValue(value)}: expected auto (batch-destroy, then bulk-destroy if that route is gone), batch-destroy or bulk-destroy`,
  );
}

export function parseMaxDeletions(raw: string): number {
  const value = raw.trim();
  const count = /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
  if (!(count >= 1))
    throw new InputError(`max-deletions is ${shownValue(value)}: expected a whole number of at least 1, e.g. 1000`);
  return count;
}

/** `library` never means "everything": it needs a criterion, and it cannot be mixed with upload-ids. */
function checkScope(settings: Settings, wording: Wording): void {
  if (settings.scope !== 'library') return;
  if (settings.uploadIds.length > 0 || settings.uploadIdsFile !== undefined) {
    throw new InputError(
      `scope is library but upload-ids or upload-ids-file is set: empty them, or set ${wording.setting('scope', 'ids')} to narrow the listed IDs`,
    );
  }
  if (!hasCriteria(settings.criteria)) {
    throw new InputError(
      'scope is library but no criterion is set: set filter, query, only-unused or older-than (a cleanup never deletes the whole media library)',
    );
  }
}

export function parseToken(raw: string, wording: Wording = ACTION_WORDING): string {
  const token = raw.trim();
  const name = wording.token;
  if (token === '') {
    throw new InputError(`${name} is empty: pass a CMA API token, e.g. ${wording.tokenExample}`);
  }
  // A header value is sent as is: anything but visible ASCII would fail later as a network error.
  if (token.length > MAX_TOKEN_LENGTH) {
    throw new InputError(
      `${name} is ${token.length} characters long, far more than a CMA token: check that the secret holds the token alone`,
    );
  }
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new InputError(
      `${name} holds whitespace, control or non-ASCII characters (a token is visible ASCII only): copy the token again from DatoCMS (Project settings > API tokens)`,
    );
  }
  return token;
}

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

function assertUploadId(id: string, input: string): void {
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

/** Same spellings as `core.getBooleanInput`, which cannot take a default of its own. */
export function parseBoolean(name: string, raw: string): boolean {
  const value = raw.trim();
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new InputError(`${name} is ${shownValue(value)}: expected true or false`);
}

export function parseJobTimeout(raw: string): number {
  const value = raw.trim();
  const seconds = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!(seconds >= 1 && seconds <= MAX_JOB_TIMEOUT_SECONDS)) {
    throw new InputError(
      `job-timeout is ${shownValue(value)}: expected a number of seconds from 1 to ${MAX_JOB_TIMEOUT_SECONDS}, e.g. 600`,
    );
  }
  return Math.round(seconds * 1000);
}

/** https only, except plain http to this machine (the simulator, a local proxy). */
export function parseBaseUrl(raw: string): string {
  const value = raw.trim();
  // A refusal quotes the URL without its user and password, or its query: they may be secrets.
  const shown = shownUrl(value);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`base-url ${shown} is not a URL: expected e.g. ${DEFAULT_BASE_URL}`);
  }
  const why = baseUrlProblem(url, value);
  if (why !== undefined) {
    throw new InputError(`base-url ${shown} ${why}: expected e.g. ${DEFAULT_BASE_URL}`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function baseUrlProblem(url: URL, raw: string): string | undefined {
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    return 'must use https (plain http is allowed only for this machine: 127.x.x.x, localhost and [::1])';
  }
  if (url.username !== '' || url.password !== '') return 'must not hold credentials';
  if (url.search !== '' || url.hash !== '' || raw.includes('?') || raw.includes('#')) {
    return 'must not hold a query or a fragment';
  }
  if (/[\s\p{Cc}\\]/u.test(raw)) return 'must not hold whitespace, control characters or backslashes';
  return undefined;
}

export { isUploadId };

/** Whether `id` can be a track ID safely put in a path (no `.` or `..` segment, nothing to escape). */
export function isTrackId(id: string): boolean {
  return TRACK_ID.test(id) && id.length <= 256;
}

export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** Quotes a user value for an error message, short and on one line. */
export function quote(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return JSON.stringify(shown);
}
