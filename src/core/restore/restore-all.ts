/**
 * The loop over a backup's uploads: checks, lock, target, earlier restores' jobs, then each
 * upload still gone.
 */
import pLimit from 'p-limit';
import { UnansweredRequests } from '../cma/cma-http.ts';
import { describeEnvironment, resolveEnvironment } from '../cma/environment.ts';
import { JobPoller } from '../cma/job-poller.ts';
import { runAgent, withRunScope, type RunScope } from '../cma/run-scope.ts';
import type { ManifestUpload } from './backup-reader.ts';
import { finishPending } from './finish-pending.ts';
import { checkBackup, type CheckedBackup } from './restore-checks.ts';
import type { RestoreHost, RestoreSeams, UploadDeps } from './restore-deps.ts';
import { explained } from './restore-errors.ts';
import { lockBackup } from './restore-lock.ts';
import { restoreOne } from './restore-one.ts';
import type { RestoreResult, RestoreSettings } from './restore-result.ts';
import { markDone, stillGone } from './restore-skips.ts';
import { checkEnvironment, targetOf, type RestoreTarget } from './restore-target.ts';

/** Uploads re-created at once: each is three CMA requests and a poll; the rate limiter sets the pace. */
export const RESTORE_CONCURRENCY = 6;

/** One restore run: its settings, result and seams, and the backup as checked before any request. */
interface RestoreRun extends CheckedBackup {
  readonly settings: RestoreSettings;
  readonly result: RestoreResult;
  readonly seams: RestoreSeams;
  readonly host: RestoreHost;
  readonly target: RestoreTarget;
}

/**
 * Checks the manifest, its files and the ID map before any request, locks the backup folder
 * (not in a dry run), then restores in a run scope; an error that ends it is said in the
 * restore's words (what was created, what the next run will do).
 */
export async function restoreAll(
  settings: RestoreSettings,
  result: RestoreResult,
  seams: RestoreSeams,
  host: RestoreHost,
): Promise<void> {
  const backup = await checkBackup(settings, result);
  const target = targetOf(settings, backup.manifest);
  const release = settings.dryRun ? () => {} : lockBackup(result.dir);
  try {
    await withRunScope({ ...settings, environment: target.environment }, seams, new UnansweredRequests(), (scope) =>
      restoreInScope(scope, { ...backup, settings, result, seams, host, target }),
    );
  } catch (error) {
    throw explained(error, result);
  } finally {
    release();
  }
}

/**
 * Checks the target, skips what earlier restores handled, asks their pending jobs, skips what
 * the target still has, then restores the rest (a dry run only says how many it would).
 */
async function restoreInScope({ client, controller }: RunScope, run: RestoreRun): Promise<void> {
  const { settings, result, seams, manifest, selected, todo, target } = run;
  const environment = await resolveEnvironment(client, target.environment, seams.wording);
  result.environment = environment;
  seams.log.info(`Target: ${describeEnvironment(environment)} at ${settings.baseUrl}`);
  checkEnvironment(environment, manifest, target, result.idMap);
  if (result.idMap.environment === null) result.idMap = { ...result.idMap, environment: environment.id ?? null };
  markDone(selected, result);
  const poller = new JobPoller((id) => client.getJobResult(id), seams.clock, controller.signal);
  const stop = (reason: unknown): void => controller.abort(reason);
  const oldIds = new Set(manifest.uploads.map((saved) => saved.id));
  const deps = { client, poller, seams, host: run.host, result, oldIds, signal: controller.signal, stop };
  const waiting = todo.filter((upload) => result.idMap.pending.has(upload.id));
  if (!settings.dryRun) await Promise.all(waiting.map((upload) => finishPending(upload, deps)));
  const fresh = todo.filter(
    (upload) => result.items.get(upload.id)?.fate === (settings.dryRun ? 'selected' : 'pending'),
  );
  const gone = await stillGone(client, fresh, result);
  if (settings.dryRun) {
    dryRunEnd(gone, result, seams);
    return;
  }
  seams.log.info(
    `Restoring ${gone.length} upload(s) from ${result.dir} (${selected.length - gone.length} not to restore)`,
  );
  await restoreEach(gone, deps);
  if (controller.signal.aborted) throw controller.signal.reason;
}

/** A dry run's end: which uploads an earlier restore's job is asked for first, and how many would be restored. */
function dryRunEnd(gone: readonly ManifestUpload[], result: RestoreResult, seams: RestoreSeams): void {
  for (const upload of gone) {
    const job = result.idMap.pending.get(upload.id);
    const item = result.items.get(upload.id);
    if (job !== undefined && item !== undefined) {
      item.reason = `an earlier restore's creation job ${job} is asked first; it is created again only if that job failed`;
    }
  }
  seams.log.info(`Dry run: nothing was restored; ${gone.length} upload(s) would be.`);
}

/** Restores `gone`, RESTORE_CONCURRENCY at once, through a storage pool of its own; none starts once stopped. */
async function restoreEach(gone: readonly ManifestUpload[], deps: UploadDeps): Promise<void> {
  const storage = runAgent();
  const limit = pLimit(RESTORE_CONCURRENCY);
  try {
    await Promise.all(
      gone.map((upload) =>
        limit(async () => {
          if (!deps.signal.aborted) await restoreOne(upload, { ...deps, storage });
        }),
      ),
    );
  } finally {
    await storage.destroy();
  }
}
