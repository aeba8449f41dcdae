import { resolvePath, type Files, type Places } from '../settings/files.ts';
import type { RestoreSettings } from './restore-result.ts';
import { DEFAULT_BASE_URL, DEFAULT_PLAN_MAX_AGE, type InputReader } from '../settings/settings.ts';
import {
  DEFAULT_RESTORE_REPORT_NAME,
  checkReportFile,
  checkReportOutside,
  parseFolder,
  parsePath,
} from '../settings/run-files.ts';
import { parseBaseUrl, parseBoolean, parseJobTimeout, refuseSetBeside } from '../settings/values.ts';
import { parseEnvironment, parseUploadIds } from '../settings/item-ids.ts';
import { parseToken, refuseTokenInInputs } from '../settings/token.ts';
import { ACTION_WORDING, type Wording } from '../settings/wording.ts';

/** Inputs that choose or shape deletions: beside restore-from they would be ignored, so they are refused. */
const DELETION_ONLY: readonly (readonly [string, string])[] = [
  ['upload-tracks', ''],
  ['upload-ids-file', ''],
  ['upload-tracks-file', ''],
  ['filter', ''],
  ['query', ''],
  ['older-than', ''],
  ['backup-dir', ''],
  ['only-unused', 'false'],
  ['confirm-unused', 'false'],
  ['verify', 'false'],
  ['scope', 'ids'],
  ['delete-endpoint', 'auto'],
  ['plan-file', ''],
  ['plan-sha256', ''],
  ['plan-max-age', DEFAULT_PLAN_MAX_AGE],
];

/** Whether the raw values ask for a restore rather than a cleanup. */
export function asksForRestore(input: InputReader): boolean {
  return input('restore-from').trim() !== '';
}

/**
 * The settings of a restore from its raw values: `restore-from` is the backup folder, and
 * `upload-ids` (the command's `--only`) narrows it to those uploads. Throws InputError.
 */
export function readRestoreSettings(
  input: InputReader,
  host: { readonly places: Places; readonly files: Files },
  wording: Wording = ACTION_WORDING,
): RestoreSettings {
  refuseSetBeside(
    input,
    DELETION_ONLY,
    (name) =>
      `${name} is set beside restore-from: a restore brings back the backup's uploads and deletes nothing; remove ${name}`,
  );
  const apiToken = parseToken(input('api-token'), wording);
  refuseTokenInInputs(input, apiToken, wording);
  const settings: RestoreSettings = {
    apiToken,
    restoreFrom: parseFolder('restore-from', input('restore-from')) ?? '',
    only: parseUploadIds(input('upload-ids')),
    environment: parseEnvironment(input('environment')),
    dryRun: parseBoolean('dry-run', input('dry-run') || 'false'),
    jobTimeoutMs: parseJobTimeout(input('job-timeout') || '600'),
    baseUrl: parseBaseUrl(input('base-url') || DEFAULT_BASE_URL),
    reportFile: parsePath('report-file', input('report-file')),
    failOnFailed: parseBoolean('fail-on-failed', input('fail-on-failed') || 'false'),
  };
  checkReportFile(
    { ...settings, uploadIdsFile: undefined, uploadTracksFile: undefined },
    host.places,
    host.files,
    DEFAULT_RESTORE_REPORT_NAME,
  );
  const backup = resolvePath(settings.restoreFrom, host.places);
  checkReportOutside(settings, host.places, host.files, backup, 'restore-from', DEFAULT_RESTORE_REPORT_NAME);
  return settings;
}
