/**
 * `backup-dir` within a run: save the selection before any deletion, write the manifest, and
 * delete only what was saved.
 */
import { downloadAsset } from './assets/asset-download.ts';
import { backUp, BackupRecord } from './backup/backup.ts';
import { type RunSettings } from './build-settings.ts';
import { manifestText } from './backup/backup-manifest.ts';
import type { CmaClient } from './cma/cma-client.ts';
import { describeCause } from './common/errors.ts';
import { recheckBeforeDeletion } from './plan/backup-recheck.ts';
import { resolvePath } from './settings/files.ts';
import type { CleanupResult } from './result/result.ts';
import { runAgent } from './cma/run-scope.ts';
import { type Selection } from './select/selection.ts';
import { type Settings } from './settings/settings.ts';
import { secretHider } from './common/secret.ts';
import { type Host, type RunSeams } from './seams.ts';
import { withoutSecret } from './run-end.ts';

/**
 * Saves the selection in backup-dir, writes its manifest (whatever ends the backup), marks what
 * could not be saved as failed, and returns what may be deleted: only what was saved.
 */
export async function backUpFirst(
  settings: RunSettings,
  result: CleanupResult,
  seams: RunSeams,
  host: Host,
  scope: { readonly client: CmaClient; readonly signal: AbortSignal },
): Promise<{ uploadIds: readonly string[]; tracks: Selection['tracks'] }> {
  const selection = result.selection;
  if (selection === undefined || settings.backupDir === undefined) throw new Error('internal error: no selection');
  const record = new BackupRecord(resolvePath(settings.backupDir, host.places), settings.backupMaxBytes);
  result.backup = record;
  const agent = runAgent();
  const userAgent = `${seams.tool.name}/${seams.tool.version}`;
  const deps = { dispatcher: agent, clock: seams.clock, signal: scope.signal, userAgent };
  let complete = false;
  try {
    await backUp({ uploadIds: selection.uploadIds, tracks: selection.tracks }, record, {
      client: scope.client,
      download: (file, path) => downloadAsset(file, path, deps),
      log: seams.log,
      signal: scope.signal,
      recheck: recheckBeforeDeletion(settings.criteria, settings.plan),
      changedFile: settings.plan === undefined ? undefined : 'file changed since the plan',
    });
    complete = true;
  } finally {
    await agent.destroy();
    if (record.claimed) writeManifest(settings, result, seams, host, record, complete);
  }
  const failures = record.failures.filter(({ id }) => !id.includes('/'));
  const trackFailures = record.failures.filter(({ id }) => id.includes('/'));
  if (failures.length > 0) result.settle('uploads', { deleted: [], failures });
  if (trackFailures.length > 0) result.settle('track', { deleted: [], failures: trackFailures });
  result.skipSelected(record.skipped);
  seams.log.info(
    `Backed up ${record.uploads.size} upload(s) (${record.savedBytes} bytes) and ${record.tracks.size} track(s) in ${record.manifestPath}`,
  );
  return {
    uploadIds: selection.uploadIds.filter((id) => record.uploads.has(id)),
    tracks: selection.tracks.filter((track) => record.tracks.has(`${track.uploadId}/${track.trackId}`)),
  };
}

function writeManifest(
  settings: Settings,
  result: CleanupResult,
  seams: RunSeams,
  host: Host,
  record: BackupRecord,
  complete: boolean,
): void {
  const context = {
    tool: seams.tool,
    createdAt: new Date(),
    baseUrl: settings.baseUrl,
    environment: result.environment,
    requestedEnvironment: settings.environment,
    complete,
    hide: secretHider(settings.apiToken, 'redacted'),
  };
  try {
    host.writeText(record.manifestPath, withoutSecret(manifestText(record, context), settings.apiToken));
    record.manifestWritten = true;
  } catch (error) {
    throw new Error(
      `the backup manifest could not be written to ${record.manifestPath} (${describeCause(error)}): nothing was deleted; check that backup-dir is writable`,
    );
  }
}
