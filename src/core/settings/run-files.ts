/**
 * The files a run writes (its report, its backup folder): their inputs, default names and the
 * checks that keep a run from writing over what it reads or what another run owns.
 */
import { InputError } from '../common/errors.ts';
import { join, resolve, sep } from 'node:path';
import { resolvePath, type Files, type Places } from './files.ts';
import { MIN_SECRET_LENGTH } from '../common/secret.ts';
import { type Settings } from './settings.ts';
import { quote } from './values.ts';

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

export function secretOf(settings: Settings): string | undefined {
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
export function checkBackupDir(settings: Settings, places: Places, files: Files, defaultReportName: string): void {
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
