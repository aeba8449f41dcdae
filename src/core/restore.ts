import { CancelledError, describeCause } from './common/errors.ts';
import { endRun, withoutSecret, type RunEnd } from './run-end.ts';
import type { Host, RunSeams } from './seams.ts';
import { restoreAll } from './restore/restore-all.ts';
import { restoreReportText } from './restore/restore-report.ts';
import type { RestoreResult, RestoreSettings } from './restore/restore-result.ts';
import { resolvePath } from './settings/files.ts';
import { DEFAULT_RESTORE_REPORT_NAME, reportPath } from './settings/run-files.ts';

/**
 * Re-creates the uploads of a backup: checks the manifest, its files and the ID map before any
 * request; then, for each upload not restored yet and gone from the target, asks for a storage
 * slot, PUTs the file there, creates the upload with its saved metadata, waits for the job, and
 * records old → new in the ID map at once (so that an interrupted restore resumes). Writes the
 * report whatever ends the run. Never throws: the fatal error comes back in `RunEnd`.
 */
export async function executeRestore(
  settings: RestoreSettings,
  result: RestoreResult,
  seams: RunSeams,
  host: Host,
): Promise<RunEnd> {
  const startedAt = seams.clock.now();
  const startedAtMs = Date.now();
  result.dryRun = settings.dryRun;
  result.dir = resolvePath(settings.restoreFrom, host.places);
  let error: Error | undefined;
  try {
    await restoreAll(settings, result, seams, host);
  } catch (caught) {
    error = caught instanceof Error ? caught : new Error(String(caught));
    if (error instanceof CancelledError || seams.cancelled.aborted) {
      error = new CancelledError(
        `${describeCause(seams.cancelled.reason ?? error)} after ${result.count('restored')} upload(s) were restored: run the restore again to resume`,
      );
    }
  }
  const context = {
    tool: seams.tool,
    startedAt: startedAtMs,
    endedAt: Date.now(),
    error: error?.message,
    cancelled: error instanceof CancelledError,
  };
  const document = () => withoutSecret(restoreReportText(result, settings, context), settings.apiToken);
  const path = reportPath(settings, host.places, DEFAULT_RESTORE_REPORT_NAME);
  return endRun(error, seams.clock.now() - startedAt, path, document, seams, host);
}
