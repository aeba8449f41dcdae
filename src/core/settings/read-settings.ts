import { hasCriteria, parseCriteria } from '../criteria/criteria.ts';
import { InputError } from '../common/errors.ts';
import { ACTION_WORDING, type Wording } from './wording.ts';
import { refuseTokenInInputs, parseToken } from './token.ts';
import { parsePath, parseFolder } from './run-files.ts';
import { splitTracks } from './from-files.ts';
import {
  parseScope,
  parseDeleteEndpoint,
  parseMaxDeletions,
  parseBoolean,
  parseJobTimeout,
  parseBaseUrl,
  DEFAULT_BACKUP_MAX_BYTES,
  parseByteCount,
} from './values.ts';
import { splitList, parseUploadIds, parseUploadTracks, parseEnvironment } from './item-ids.ts';
import { type Settings, type InputReader, DEFAULT_BASE_URL, DEFAULT_MAX_DELETIONS } from './settings.ts';

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
        confirmUnused: parseBoolean('confirm-unused', input('confirm-unused') || 'false'),
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
