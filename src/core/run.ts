import { createHash } from 'node:crypto';
import { downloadAsset } from './assets/asset-download.ts';
import { backUp, BackupRecord } from './backup/backup.ts';
import { defaultReportName, type RunSettings } from './build-settings.ts';
import { manifestText } from './backup/backup-manifest.ts';
import { runCleanup, type Logger } from './delete/cleanup.ts';
import type { Clock } from './common/clock.ts';
import type { CmaClient } from './cma/cma-client.ts';
import { UnansweredRequests } from './cma/cma-http.ts';
import {
  describeEnvironment,
  EnvironmentError,
  requestedEnvironment,
  resolveEnvironment,
  type TargetEnvironment,
} from './cma/environment.ts';
import { CancelledError, SelectionCapError, describeCause } from './common/errors.ts';
import { fatal } from './report/fatal.ts';
import { JobPoller } from './cma/job-poller.ts';
import { recheckBeforeDeletion } from './plan/backup-recheck.ts';
import { checkPlanEnvironment, recheckPlan } from './plan/plan-recheck.ts';
import { resolvePath, type Files, type Places } from './settings/list-file.ts';
import type { CleanupResult } from './result/result.ts';
import { runAgent, withRunScope } from './cma/run-scope.ts';
import { describeBinding } from './plan/plan-binding.ts';
import { PlanSealer } from './plan/plan-seal.ts';
import { itemSealer, reportHeader, reportItems, reportText, type ReportContext } from './report/run-report.ts';
import { select, selectsNothing, type Selection } from './select/selection.ts';
import { type Settings } from './settings/settings.ts';
import { reportPath } from './settings/run-files.ts';
import { secretHider } from './common/secret.ts';
import { shortList } from './common/short-list.ts';
import type { Wording } from './settings/wording.ts';

/** The files around a run: the list files it reads, where it stands, and the report it writes. */
export interface Host {
  readonly files: Files;
  readonly places: Places;
  /** Writes `chunks` to `path` (its folder made if need be), whole or not at all. */
  writeText(path: string, chunks: Iterable<string>): void;
}

/** Where the run's lines go; each front door renders them its own way. */
export interface RunLog extends Logger {
  readonly debug: (message: string) => void;
}

/** What a run needs besides its settings: the front door's log, time, cancellation and name. */
export interface RunSeams {
  readonly log: RunLog;
  readonly clock: Clock;
  /** Aborted on SIGINT/SIGTERM: the run stops submitting and polling, and reports what it knows. */
  readonly cancelled: AbortSignal;
  /** Named in the report and, as `name/version`, in the User-Agent. */
  readonly tool: { readonly name: string; readonly version: string };
  /** How the front door's user sets things, for messages that say what to write. */
  readonly wording: Wording;
}

/** How a run ended, for the front door to render. */
export interface RunEnd {
  /** The fatal error, as the user should read it; undefined when the run went to its end. */
  readonly error: Error | undefined;
  readonly durationMs: number;
  /**
   * Where the report was written and the SHA-256 (hex) of the file as written (the
   * `report-sha256` output; a dry run's is its plan's), or, with `problem`, where it could not be.
   */
  readonly report: { readonly path: string; readonly sha256?: string; readonly problem?: string };
  /** The report document, chunk by chunk, the same as the file holds (for `--json`). */
  document(): Iterable<string>;
}

/**
 * The whole cleanup, whatever the front door: select, check the selection, delete and wait,
 * then write the report. Counts go into `result` as they come, so that the front door can show
 * progress and report whatever ends the run. Never throws for what the API or the run does: the
 * fatal error comes back in `RunEnd`.
 */
export async function execute(
  settings: RunSettings,
  result: CleanupResult,
  seams: RunSeams,
  host: Host,
): Promise<RunEnd> {
  const startedAt = seams.clock.now();
  const startedAtMs = Date.now();
  result.dryRun = settings.dryRun;
  result.verification.enabled = settings.verify;
  result.plan = settings.plan;
  const error = await deleteAll(settings, result, seams, host);
  const context: ReportContext = {
    tool: seams.tool,
    settings,
    fromFiles: settings.fromFiles,
    startedAt: startedAtMs,
    endedAt: Date.now(),
    clockOrigin: startedAtMs - startedAt,
    error: error?.message,
    cancelled: error instanceof CancelledError,
    sealer: settings.dryRun ? new PlanSealer(settings.apiToken) : undefined,
  };
  // Built once: a plan's seal holds a random nonce, and --json prints the document the file holds.
  const header = reportHeader(result, context);
  const seal = itemSealer(header, context.sealer);
  const document = () => withoutSecret(reportText(header, reportItems(result, seal)), settings.apiToken);
  return endRun(
    error,
    seams.clock.now() - startedAt,
    reportPath(settings, host.places, defaultReportName(settings.plan)),
    document,
    seams,
    host,
  );
}

/** Writes the report (a failure to is a warning: the summary still has the counts) and says how the run ended. */
export function endRun(
  error: Error | undefined,
  durationMs: number,
  path: string,
  document: () => Iterable<string>,
  seams: Pick<RunSeams, 'log'>,
  host: Pick<Host, 'writeText'>,
): RunEnd {
  const hash = createHash('sha256');
  function* hashed(): Generator<string> {
    for (const chunk of document()) {
      hash.update(chunk, 'utf8');
      yield chunk;
    }
  }
  try {
    host.writeText(path, hashed());
  } catch (writeError) {
    const problem = describeCause(writeError);
    seams.log.warning(`The report could not be written to ${path} (${problem}); the counts are in the summary`);
    return { error, durationMs, report: { path, problem }, document };
  }
  return { error, durationMs, report: { path, sha256: hash.digest('hex') }, document };
}

/**
 * The report's chunks with the token replaced by `redacted` (a word that fits every ID's pattern
 * of the schema), as JSON writes it: the settings refuse it in every input, but an API answer
 * could still echo it (a job ID, an error code). A chunk holds whole items, so the token is never
 * split between two.
 */
export function* withoutSecret(chunks: Iterable<string>, token: string): Generator<string> {
  const hide = secretHider(token, 'redacted');
  for (const chunk of chunks) yield hide(chunk);
}

/** Selects, checks the selection, backs up if asked, deletes; returns the fatal error, if any. */
async function deleteAll(
  settings: RunSettings,
  result: CleanupResult,
  seams: RunSeams,
  host: Host,
): Promise<Error | undefined> {
  const { log } = seams;
  if (seams.cancelled.aborted) return fatal(seams.cancelled.reason, result, seams.wording);
  result.environment = requestedEnvironment(settings.environment, 'the run stopped before it was looked up');
  const nothing = nothingToDelete(settings);
  if (nothing !== undefined) {
    result.environment = requestedEnvironment(settings.environment, 'not looked up: nothing to delete');
    log.info(`Target: ${describeEnvironment(result.environment)} at ${settings.baseUrl}`);
    result.select({ uploadIds: [], uploads: [], unlisted: 0, tracks: [], described: [nothing], notes: [] });
    log.info(`Nothing to delete: ${nothing}.`);
    return undefined;
  }
  const unanswered = new UnansweredRequests();
  try {
    await withRunScope(settings, seams, unanswered, async ({ client, controller }) => {
      result.environment = await target(settings, client, log, result, seams.wording);
      const selection = await (settings.plan === undefined
        ? select(settings, client)
        : applying(settings, result, seams, client));
      result.select(selection);
      if (!proceed(settings, result, seams)) return;
      const { clock } = seams;
      const poller = new JobPoller((id) => client.getJobResult(id), clock, controller.signal);
      const stop = (reason: unknown): void => controller.abort(reason);
      const { uploadIds, tracks: uploadTracks } =
        settings.backupDir === undefined
          ? selection
          : await backUpFirst(settings, result, seams, host, { client, signal: controller.signal });
      const work = { uploadIds, uploadTracks, deleteEndpoint: settings.deleteEndpoint, verify: settings.verify };
      await runCleanup(work, result, { client, poller, clock, log, signal: controller.signal, stop });
    });
    return undefined;
  } catch (error) {
    result.unanswered.push(...unanswered.list());
    for (const id of unanswered.ids()) result.unansweredItems.add(id);
    const stopped = fatal(error, result, seams.wording);
    // The folder now holds this run's backup, and a new run needs an empty one.
    if (result.backup?.claimed === true) {
      stopped.message += ` (give the next run a new, empty backup-dir: ${result.backup.dir} keeps what this one saved)`;
    }
    return stopped;
  }
}

/**
 * Saves the selection in backup-dir, writes its manifest (whatever ends the backup), marks what
 * could not be saved as failed, and returns what may be deleted: only what was saved.
 */
async function backUpFirst(
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

/** Why the run has nothing to delete without asking the API (no input selects, an empty plan); undefined otherwise. */
function nothingToDelete(settings: RunSettings): string | undefined {
  if (settings.plan === undefined) {
    return selectsNothing(settings) ? 'no upload ID or track was given (inputs and files are empty)' : undefined;
  }
  const { file, uploads, tracks } = settings.plan;
  return uploads.length + tracks.length === 0 ? `the plan ${file} holds no upload or track` : undefined;
}

/** The plan's items that still qualify, once the run is known to target the plan's environment. */
async function applying(
  settings: RunSettings,
  result: CleanupResult,
  seams: RunSeams,
  client: CmaClient,
): Promise<Selection> {
  const plan = settings.plan;
  if (plan === undefined || result.environment === undefined) throw new Error('internal error: no plan to apply');
  const warning = checkPlanEnvironment(plan, result.environment, settings.environment, seams.wording);
  if (warning !== undefined) seams.log.warning(warning);
  for (const note of plan.warnings) seams.log.warning(note);
  seams.log.info(
    `Applying the plan ${plan.file} (SHA-256 ${plan.sha256}, made ${plan.madeAt.toISOString()}, ${describeBinding(plan)}): re-checking its ${plan.uploads.length} upload(s) and ${plan.tracks.length} track(s)`,
  );
  // Until the re-check answers, the plan's items are the selection: a run that stops during it
  // reports each of them, not sent.
  result.select({
    uploadIds: plan.uploads.map((upload) => upload.id),
    uploads: undefined,
    unlisted: 0,
    tracks: plan.tracks,
    described: [`the plan ${plan.file}, not re-checked: the run stopped first`],
    notes: [],
  });
  return recheckPlan(plan, client);
}

/** Looks up the environment and names it in the run's first log line. */
async function target(
  settings: Settings,
  client: CmaClient,
  log: Logger,
  result: CleanupResult,
  wording: Wording,
): Promise<TargetEnvironment> {
  let environment: TargetEnvironment;
  try {
    environment = await resolveEnvironment(client, settings.environment, wording);
  } catch (error) {
    if (error instanceof EnvironmentError) result.environment = error.target;
    throw error;
  }
  log.info(`Target: ${describeEnvironment(environment)} at ${settings.baseUrl}`);
  if (environment.unconfirmed !== undefined) {
    log.warning(
      `Environment not confirmed: ${environment.unconfirmed}; going on, and the API will refuse deletions where this token may not make them`,
    );
  }
  return environment;
}

/**
 * Logs the selection and decides whether to delete it: not in a dry run, not when nothing
 * matched; throws when more than max-deletions matched.
 */
function proceed(settings: Settings, result: CleanupResult, { log, wording }: RunSeams): boolean {
  const selection = result.selection;
  if (selection === undefined) return false;
  // The counts of the summary and the report: what matched, listed or not.
  const listed = selection.unlisted > 0 ? ` (only ${selection.uploadIds.length} upload(s) listed)` : '';
  log.info(
    `Selected ${result.requestedUploads} upload(s) and ${result.requestedTracks} track(s)${listed}: ${selection.described.join('; ')}`,
  );
  for (const note of selection.notes) log.warning(note);
  logSkipped(result, log);
  if (result.selected > settings.maxDeletions) {
    const tooMany = new SelectionCapError(result.selected, settings.maxDeletions, (value) =>
      wording.setting('max-deletions', value),
    );
    if (!settings.dryRun) throw tooMany;
    log.warning(`Dry run: a real run would stop here: ${tooMany.message}`);
  }
  if (settings.dryRun) {
    const backup = settings.backupDir === undefined ? '' : ' or backed up';
    log.info(`Dry run: nothing was deleted${backup} (${result.selected - result.skipped.length} item(s) selected).`);
    return false;
  }
  const toDelete = selection.uploadIds.length + selection.tracks.length;
  if (toDelete === 0)
    log.info(
      `Nothing to delete: ${result.plan === undefined ? 'no upload or track matched' : 'no planned item still qualifies'}.`,
    );
  return toDelete > 0;
}

/** Most IDs named per reason in the log line of skipped items: the report names every one. */
const MAX_SKIPPED_NAMED = 100;

/** Applying a plan: the items skipped, by reason, each named (up to a hundred a reason). */
function logSkipped(result: CleanupResult, log: RunLog): void {
  const skipped = result.skipped;
  if (skipped.length === 0) return;
  log.warning(`Skipped ${skipped.length} planned item(s) that changed since the plan; they are not deleted`);
  for (const [reason, ids] of result.skippedByReason())
    log.info(`Skipped, ${reason} (${ids.length}): ${shortList(ids, MAX_SKIPPED_NAMED, ', ')}`);
}
