import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dispatcher } from 'undici';
import pLimit from 'p-limit';
import {
  checkFiles,
  creationBody,
  readManifest,
  redactionNote,
  type Manifest,
  type ManifestUpload,
} from './restore/backup-reader.ts';
import { chunk } from './common/chunk.ts';
import { MAX_IDS_PER_REQUEST, type CmaClient } from './cma/cma-client.ts';
import { UnansweredRequests } from './cma/cma-http.ts';
import { describeEnvironment, resolveEnvironment, type TargetEnvironment } from './cma/environment.ts';
import { CancelledError, CmaApiError, InputError, JobTimeoutError, describeCause } from './common/errors.ts';
import { isRecord } from './common/guards.ts';
import { ID_MAP_NAME, idMapText, readIdMap, type IdMap } from './restore/id-map.ts';
import { JobPoller } from './cma/job-poller.ts';
import { resolvePath } from './settings/list-file.ts';
import { endRun, withoutSecret, type RunEnd } from './run-end.ts';
import { type Host, type RunSeams } from './seams.ts';
import { runAgent, withRunScope } from './cma/run-scope.ts';
import { restoreReportText } from './restore/restore-report.ts';
import type { RestoreItem, RestoreResult, RestoreSettings } from './restore/restore-result.ts';
import { isUploadId } from './settings/upload-id.ts';
import { DEFAULT_RESTORE_REPORT_NAME, reportPath } from './settings/run-files.ts';
import { quote } from './settings/values.ts';
import { putToStorage } from './assets/storage-put.ts';

/** Uploads re-created at once: each is three CMA requests and a poll; the rate limiter sets the pace. */
export const RESTORE_CONCURRENCY = 6;

export const ALREADY = 'already restored (in the ID map)';
/** In the ID map while a creation is being sent: if the restore stops there, it may exist. */
const SENDING = 'its creation was being sent when the restore stopped';
export const STILL_EXISTS = 'still exists in the target environment: nothing to restore';

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

async function restoreAll(
  settings: RestoreSettings,
  result: RestoreResult,
  seams: RunSeams,
  host: Host,
): Promise<void> {
  const { log } = seams;
  const manifest = readManifest(result.dir, settings.apiToken);
  result.manifest = manifest;
  const selected = selectUploads(manifest, settings.only);
  for (const upload of selected) result.items.set(upload.id, { fate: settings.dryRun ? 'selected' : 'pending' });
  result.idMap = readIdMap(result.dir);
  if (!manifest.complete) {
    result.notes.push(
      'the backup is incomplete: its run stopped before every selected item was saved (only what was saved was deleted)',
    );
  }
  const redacted = redactionNote(selected);
  if (redacted !== undefined) result.notes.push(redacted);
  const idMap = result.idMap;
  const todo = selected.filter((upload) => !idMap.restored.has(upload.id) && !idMap.uncertain.has(upload.id));
  await checkFiles(result.dir, todo);
  const target = targetOf(settings, manifest);
  const release = settings.dryRun ? () => {} : lockBackup(result.dir);
  try {
    await withRunScope(
      { ...settings, environment: target.environment },
      seams,
      new UnansweredRequests(),
      async ({ client, controller }) => {
        const environment = await resolveEnvironment(client, target.environment, seams.wording);
        result.environment = environment;
        log.info(`Target: ${describeEnvironment(environment)} at ${settings.baseUrl}`);
        checkEnvironment(environment, manifest, target, result.idMap);
        if (result.idMap.environment === null) result.idMap = { ...result.idMap, environment: environment.id ?? null };
        markDone(selected, result);
        const poller = new JobPoller((id) => client.getJobResult(id), seams.clock, controller.signal);
        const stop = (reason: unknown): void => controller.abort(reason);
        const oldIds = new Set(manifest.uploads.map((saved) => saved.id));
        const deps = { client, poller, seams, host, result, oldIds, signal: controller.signal, stop };
        const waiting = todo.filter((upload) => result.idMap.pending.has(upload.id));
        if (!settings.dryRun) await Promise.all(waiting.map((upload) => finishPending(upload, deps)));
        const fresh = todo.filter(
          (upload) => result.items.get(upload.id)?.fate === (settings.dryRun ? 'selected' : 'pending'),
        );
        const gone = await stillGone(client, fresh, result);
        if (settings.dryRun) {
          for (const upload of gone) {
            const job = result.idMap.pending.get(upload.id);
            const item = result.items.get(upload.id);
            if (job !== undefined && item !== undefined) {
              item.reason = `an earlier restore's creation job ${job} is asked first; it is created again only if that job failed`;
            }
          }
          log.info(`Dry run: nothing was restored; ${gone.length} upload(s) would be.`);
          return;
        }
        log.info(
          `Restoring ${gone.length} upload(s) from ${result.dir} (${selected.length - gone.length} not to restore)`,
        );
        const storage = runAgent();
        const limit = pLimit(RESTORE_CONCURRENCY);
        try {
          await Promise.all(
            gone.map((upload) =>
              limit(async () => {
                if (!controller.signal.aborted) await restoreOne(upload, { ...deps, storage });
              }),
            ),
          );
        } finally {
          await storage.destroy();
        }
        if (controller.signal.aborted) throw controller.signal.reason;
      },
    );
  } catch (error) {
    throw explained(error, result);
  } finally {
    release();
  }
}

/** The uploads an earlier restore handled: restored, or perhaps created without an answer. */
function markDone(selected: readonly ManifestUpload[], result: RestoreResult): void {
  for (const upload of selected) {
    const newId = result.idMap.restored.get(upload.id);
    const uncertain = result.idMap.uncertain.get(upload.id);
    if (newId !== undefined) result.items.set(upload.id, { fate: 'skipped', reason: ALREADY, newId });
    else if (uncertain !== undefined) {
      result.items.set(upload.id, {
        fate: 'skipped',
        reason: `an earlier restore may have created it (${uncertain}): check the media library, then remove it from "uncertain" in ${ID_MAP_NAME} to restore it`,
      });
    }
  }
}

/** The restore's end in its own words: what was created, and what the next run will do. */
function explained(error: unknown, result: RestoreResult): unknown {
  const restored = result.count('restored');
  const waiting = [...result.idMap.pending.keys()].filter((id) => result.items.has(id)).length;
  const next =
    waiting > 0
      ? `; ${waiting} creation job(s) were accepted and not seen finished: ${ID_MAP_NAME} records them, and the next restore asks them instead of creating those uploads again`
      : '';
  if (error instanceof JobTimeoutError) {
    return new Error(
      `job-timeout (${error.timeoutMs / 1000} s) ran out after ${restored} upload(s) were restored${next}: run the restore again to finish (raise job-timeout for a large backup: about 0.15 s per upload)`,
    );
  }
  if (error instanceof IdMapWriteError) return error;
  if (error instanceof CmaApiError && error.status === 403 && !error.codes.includes('INVALID_ENVIRONMENT')) {
    return new Error(
      `${error.request} answered ${error.answer}: the API token's role may not create uploads here${restored > 0 ? ` (after ${restored} upload(s) were restored)` : ''}${next}: give the role permission to create uploads in this environment, or use another token`,
    );
  }
  if (error instanceof CancelledError) {
    return new CancelledError(
      `${error.message} after ${restored} upload(s) were restored${next}: run the restore again to finish`,
    );
  }
  return error;
}

/** The lock that keeps two restores of one backup from creating its uploads twice. */
const LOCK_NAME = 'restore.lock';

function lockBackup(dir: string): () => void {
  const path = join(dir, LOCK_NAME);
  try {
    writeFileSync(path, `${JSON.stringify({ startedAt: new Date().toISOString() })}\n`, { flag: 'wx' });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EEXIST') {
      throw new InputError(
        `another restore of this backup is running (${quote(path)} exists): wait for it to end; if no restore is running (one was killed), delete ${LOCK_NAME} and run again`,
      );
    }
    rmSync(path, { force: true }); // made, then not written (a full disk): not a lock
    throw new InputError(
      `the backup folder cannot take ${LOCK_NAME} (${describeCause(error)}): check that it is writable`,
    );
  }
  return () => rmSync(path, { force: true });
}

/** The manifest's uploads, or those `only` names (each must be in it). */
function selectUploads(manifest: Manifest, only: readonly string[]): ManifestUpload[] {
  if (only.length === 0) return [...manifest.uploads];
  const byId = new Map(manifest.uploads.map((upload) => [upload.id, upload]));
  const missing = only.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    throw new InputError(
      `upload ${quote(missing[0] ?? '')}${missing.length > 1 ? ` (and ${missing.length - 1} more)` : ''} is not in the backup's manifest: check the IDs given to restore`,
    );
  }
  return only.flatMap((id) => byId.get(id) ?? []);
}

/** The environment to restore into: the one given, or the backup's own. */
function targetOf(
  settings: RestoreSettings,
  manifest: Manifest,
): { environment: string | undefined; explicit: boolean } {
  if (settings.environment !== undefined) return { environment: settings.environment, explicit: true };
  const saved = manifest.environment;
  const environment = saved.requested ?? (saved.primary === true || saved.id === null ? undefined : saved.id);
  return { environment, explicit: false };
}

/** Refuses to restore into another environment than the backup's unless asked, or than earlier restores'. */
function checkEnvironment(
  environment: TargetEnvironment,
  manifest: Manifest,
  target: { explicit: boolean },
  idMap: IdMap,
): void {
  const backupId = manifest.environment.id;
  if (
    !target.explicit &&
    manifest.environment.confirmed &&
    environment.unconfirmed === undefined &&
    backupId !== null &&
    environment.id !== backupId
  ) {
    throw new InputError(
      `the backup was made in environment ${backupId}, and the target is ${environment.id ?? 'another one'}: set the environment explicitly to restore there`,
    );
  }
  const used = idMap.restored.size + idMap.pending.size + idMap.uncertain.size > 0;
  if (used && (idMap.environment ?? null) !== (environment.id ?? null)) {
    throw new InputError(
      `the backup's ${ID_MAP_NAME} records a restore into environment ${idMap.environment ?? '(primary, not confirmed)'}, not ${environment.id ?? '(primary, not confirmed)'}: restore into that one, or copy the backup folder without ${ID_MAP_NAME} to restore it elsewhere too`,
    );
  }
}

/** The uploads of `todo` that the target does not have: those it has are skipped. */
async function stillGone(
  client: CmaClient,
  todo: readonly ManifestUpload[],
  result: RestoreResult,
): Promise<ManifestUpload[]> {
  const existing = new Set<string>();
  for (const part of chunk(
    todo.map((upload) => upload.id),
    MAX_IDS_PER_REQUEST,
  )) {
    for (const id of await client.existingUploads(part)) existing.add(id);
  }
  for (const id of existing) result.items.set(id, { fate: 'skipped', reason: STILL_EXISTS });
  return todo.filter((upload) => !existing.has(upload.id));
}

interface OneDeps {
  readonly client: CmaClient;
  readonly poller: JobPoller;
  readonly seams: RunSeams;
  readonly host: Host;
  readonly result: RestoreResult;
  readonly signal: AbortSignal;
  readonly stop: (reason: unknown) => void;
  /** Every upload ID of the backup: none can be a new upload's. */
  readonly oldIds: ReadonlySet<string>;
}

/** Errors about the whole run (who, where, when), not about one upload: they stop the restore. */
function isFatal(error: unknown): boolean {
  if (error instanceof JobTimeoutError || error instanceof CancelledError || error instanceof InputError) return true;
  if (error instanceof IdMapWriteError) return true;
  if (!(error instanceof CmaApiError)) return false;
  return (
    error.status === 401 ||
    error.status === 403 ||
    error.codes.some((code) =>
      [
        'INVALID_ENVIRONMENT',
        'ENVIRONMENT_IN_READ_ONLY_MODE',
        'INSUFFICIENT_PERMISSIONS',
        'INVALID_AUTHORIZATION_HEADER',
        'MAINTENANCE_MODE',
      ].includes(code),
    )
  );
}

/** The ID map could not be saved: going on would create uploads no later restore knows of. */
class IdMapWriteError extends Error {
  override name = 'IdMapWriteError';
}

/** Writes the ID map now; a failure stops the restore (see IdMapWriteError). */
function saveIdMap(deps: Pick<OneDeps, 'host' | 'result'>, what: string): void {
  const path = join(deps.result.dir, ID_MAP_NAME);
  try {
    deps.host.writeText(path, idMapText(deps.result.idMap, new Date()));
  } catch (error) {
    throw new IdMapWriteError(
      `${ID_MAP_NAME} could not be written (${describeCause(error)}) after ${what}: stopped there, so that nothing is created that a later restore would not know of; free the space (or fix the folder), then run the restore again (${ID_MAP_NAME} holds every step before this one)`,
    );
  }
}

/** Why a creation failed, in a restore's words: the request and its answer, or the cause. */
function reasonOf(error: unknown): string {
  if (error instanceof CmaApiError) return `${error.request} answered ${error.answer}`;
  return describeCause(error);
}

async function restoreOne(upload: ManifestUpload, deps: OneDeps & { readonly storage: Dispatcher }): Promise<void> {
  const { client, result, seams } = deps;
  const item: RestoreItem = { fate: 'pending' };
  result.items.set(upload.id, item);
  // How far it went: from `create` on, a failure may still have created the upload.
  let stage: 'slot' | 'file' | 'create' | 'job' = 'slot';
  try {
    const filename = fileNameOf(upload);
    const slot = await client.createUploadRequest(filename);
    stage = 'file';
    await putToStorage(slot, join(result.dir, upload.file), upload.size, {
      dispatcher: deps.storage,
      clock: seams.clock,
      signal: deps.signal,
    });
    // Every step is on disk before the next: whatever stops the restore, the next one never
    // creates an upload twice (it asks a pending job, and leaves an uncertain one to a person).
    result.idMap.uncertain.set(upload.id, SENDING);
    saveIdMap(deps, `the file of ${upload.id} was stored, before its creation was sent`);
    stage = 'create';
    const submitted = await client.createUpload(creationBody(upload, slot.path));
    stage = 'job';
    if ('jobId' in submitted) {
      item.jobId = submitted.jobId;
      result.idMap.uncertain.delete(upload.id);
      result.idMap.pending.set(upload.id, submitted.jobId);
      saveIdMap(deps, `the creation of ${upload.id} was accepted (job ${submitted.jobId})`);
    }
    const answer =
      'jobId' in submitted ? await deps.poller.wait(submitted.jobId, 'upload', seams.clock.now()) : submitted.result;
    recordCreated(upload, createdId(answer, upload, deps), deps);
  } catch (error) {
    if (isFatal(error) || deps.signal.aborted) {
      if (!deps.signal.aborted) deps.stop(error);
      return;
    }
    // Only a 4xx refused the creation for sure: a 5xx may come from a proxy after the API took it.
    const refused = error instanceof CmaApiError && error.status >= 400 && error.status < 500;
    const maybe = (stage === 'create' && !refused) || (stage === 'job' && !(error instanceof JobFailedError));
    item.fate = 'failed';
    item.reason = reasonOf(error);
    result.idMap.pending.delete(upload.id);
    result.idMap.uncertain.delete(upload.id);
    if (maybe) {
      item.reason += '; it may have been created anyway: check the media library before restoring it again';
      result.idMap.uncertain.set(upload.id, reasonOf(error).slice(0, 500));
    }
    try {
      saveIdMap(deps, `the creation of ${upload.id} failed`);
    } catch (writeError) {
      deps.stop(writeError);
    }
    seams.log.warning(`Upload ${upload.id} was not restored: ${item.reason}`);
  }
}

/** Records a created upload in the result and the ID map (written at once). */
function recordCreated(upload: ManifestUpload, newId: string, deps: Pick<OneDeps, 'host' | 'result' | 'seams'>): void {
  const { result } = deps;
  result.idMap.uncertain.delete(upload.id);
  result.items.set(upload.id, { ...result.items.get(upload.id), fate: 'restored', newId, reason: undefined });
  result.idMap.restored.set(upload.id, newId);
  result.idMap.pending.delete(upload.id);
  deps.seams.log.info(`Restored ${upload.id} as ${newId}`);
  saveIdMap(deps, `${upload.id} was created as ${newId}`);
}

/**
 * An upload whose creation job an earlier restore saw accepted but not finished: asks that job
 * once. Finished: recorded. Still running: left for the next run. Failed: created again below.
 */
async function finishPending(upload: ManifestUpload, deps: OneDeps): Promise<void> {
  const jobId = deps.result.idMap.pending.get(upload.id) ?? '';
  const item = deps.result.items.get(upload.id);
  if (item !== undefined) item.jobId = jobId;
  try {
    const answer = await deps.client.getJobResult(jobId);
    if (answer === undefined) {
      deps.result.items.set(upload.id, {
        fate: 'failed',
        jobId,
        reason: `its creation job ${jobId} (from an earlier restore) has not finished: run the restore again later; if it never does, check the media library, then remove ${upload.id} from "pending" in ${ID_MAP_NAME}`,
      });
      return;
    }
    if (answer.status >= 200 && answer.status < 300) {
      recordCreated(upload, createdId(answer, upload, deps), deps);
      return;
    }
    deps.result.idMap.pending.delete(upload.id); // it failed: nothing was created, so it is created again
  } catch (error) {
    if (isFatal(error) || deps.signal.aborted) throw error;
    const reason = `its earlier creation job ${jobId}: ${reasonOf(error)}`;
    deps.result.items.set(upload.id, { fate: 'failed', jobId, reason });
    if (error instanceof CmaApiError) return; // asking failed: the job stays pending for the next run
    // The job answered, but not with this upload: it may exist; a person must look.
    deps.result.idMap.pending.delete(upload.id);
    deps.result.idMap.uncertain.set(upload.id, reason.slice(0, 500));
    saveIdMap(deps, `the earlier creation job of ${upload.id} answered with another upload`);
  }
}

/** The name to ask storage for: the listed filename, else the saved file's. */
function fileNameOf(upload: ManifestUpload): string {
  const listed = upload.resource.attributes.filename;
  if (
    typeof listed === 'string' &&
    listed.trim() !== '' &&
    listed.length <= 255 &&
    !/[/\\\p{Cc}]/u.test(listed) &&
    !/^\.+$/.test(listed.trim())
  )
    return listed;
  return upload.file.slice(upload.file.lastIndexOf('/') + 1);
}

/** A creation job that ended with an error status: nothing was created. */
class JobFailedError extends Error {
  override name = 'JobFailedError';
}

/** The new upload's ID from a finished creation job, or an error saying why there is none. */
function createdId(
  answer: { readonly status: number; readonly payload: unknown },
  upload: ManifestUpload,
  { result, oldIds }: Pick<OneDeps, 'result' | 'oldIds'>,
): string {
  if (answer.status < 200 || answer.status >= 300) {
    throw new JobFailedError(`the creation job ended with status ${answer.status}`);
  }
  const data = isRecord(answer.payload) && isRecord(answer.payload.data) ? answer.payload.data : undefined;
  if (data?.type !== 'upload' || typeof data.id !== 'string' || !isUploadId(data.id)) {
    throw new Error('the creation job did not name the new upload');
  }
  if (oldIds.has(data.id) || [...result.idMap.restored.values()].includes(data.id)) {
    throw new Error(`the creation job named ${data.id} as the new upload, an ID the backup or the ID map already has`);
  }
  // The upload the job names must hold this file: a job can only vouch for what it created.
  const attributes = isRecord(data.attributes) ? data.attributes : {};
  const { size, md5 } = attributes;
  if ((typeof size === 'number' && size !== upload.size) || (typeof md5 === 'string' && md5 !== upload.md5)) {
    throw new Error(`the creation job named upload ${data.id}, whose file is not the one saved (size or md5 differ)`);
  }
  return data.id;
}

/** The restore in plain lines, for the summary and the terminal: counts, what was not restored, the ID map. */
export function restoreLines(result: RestoreResult, most = 50): string[] {
  const restored = [...result.items].filter(([, item]) => item.fate === 'restored');
  const failed = [...result.items].filter(([, item]) => item.fate === 'failed');
  const skipped = [...result.items].filter(([, item]) => item.fate === 'skipped');
  const lines = [
    `Restored: ${restored.length} of ${result.items.size} selected upload(s); skipped: ${skipped.length}; not restored: ${failed.length}; still pending: ${result.count('pending')}`,
  ];
  for (const [id, item] of failed.slice(0, most)) lines.push(`Not restored: ${id}: ${item.reason ?? 'unknown'}`);
  for (const [id, item] of skipped.slice(0, most)) lines.push(`Skipped: ${id}: ${item.reason ?? ''}`);
  for (const [id, item] of restored.slice(0, most)) lines.push(`${id} -> ${item.newId ?? ''}`);
  if (restored.length > most)
    lines.push(`... and ${restored.length - most} more restored (the report and ${ID_MAP_NAME} list every one)`);
  return lines;
}
