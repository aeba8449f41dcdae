import { defaultReportName, type RunSettings } from './build-settings.ts';
import { runCleanup, type Logger } from './delete/cleanup.ts';
import type { CmaClient } from './cma/cma-client.ts';
import { UnansweredRequests } from './cma/cma-http.ts';
import {
  describeEnvironment,
  EnvironmentError,
  requestedEnvironment,
  resolveEnvironment,
  type TargetEnvironment,
} from './cma/environment.ts';
import { CancelledError } from './common/errors.ts';
import { SelectionCapError } from './select/errors.ts';
import { fatal } from './report/fatal.ts';
import { JobPoller } from './cma/job-poller.ts';
import type { CleanupResult } from './result/result.ts';
import { withRunScope } from './cma/run-scope.ts';
import { PlanSealer } from './plan/plan-seal.ts';
import { itemSealer, reportHeader, reportItems, reportText, type ReportContext } from './report/run-report.ts';
import { select, selectsNothing } from './select/selection.ts';
import { type Settings } from './settings/settings.ts';
import { reportPath } from './settings/run-files.ts';
import { shortList } from './common/short-list.ts';
import type { Wording } from './settings/wording.ts';
import { type Host, type RunLog, type RunSeams } from './seams.ts';
import { type RunEnd, endRun, withoutSecret } from './run-end.ts';
import { backUpFirst } from './backup-first.ts';
import { confirmFirst } from './confirm-first.ts';
import { applying } from './apply-plan.ts';

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
      result.select(
        await (settings.plan === undefined ? select(settings, client) : applying(settings, result, seams, client)),
      );
      announce(settings, result, seams);
      await confirmFirst(settings, result, seams, { client, signal: controller.signal });
      // What is left once the confirmation took out what it kept: only that may be deleted.
      const selection = result.selection;
      if (selection === undefined || !proceed(settings, result, seams)) return;
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

/** Why the run has nothing to delete without asking the API (no input selects, an empty plan); undefined otherwise. */
function nothingToDelete(settings: RunSettings): string | undefined {
  if (settings.plan === undefined) {
    return selectsNothing(settings) ? 'no upload ID or track was given (inputs and files are empty)' : undefined;
  }
  const { file, uploads, tracks } = settings.plan;
  return uploads.length + tracks.length === 0 ? `the plan ${file} holds no upload or track` : undefined;
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

/** Logs the selection; throws, unless in a dry run, when more than max-deletions matched. */
function announce(settings: Settings, result: CleanupResult, { log, wording }: RunSeams): void {
  const selection = result.selection;
  if (selection === undefined) return;
  // The counts of the summary and the report: what matched, listed or not.
  const listed = selection.unlisted > 0 ? ` (only ${selection.uploadIds.length} upload(s) listed)` : '';
  log.info(
    `Selected ${result.requestedUploads} upload(s) and ${result.requestedTracks} track(s)${listed}: ${selection.described.join('; ')}`,
  );
  for (const note of selection.notes) log.warning(note);
  if (result.selected > settings.maxDeletions) {
    const tooMany = new SelectionCapError(result.selected, settings.maxDeletions, (value) =>
      wording.setting('max-deletions', value),
    );
    if (!settings.dryRun) throw tooMany;
    log.warning(`Dry run: a real run would stop here: ${tooMany.message}`);
  }
}

/**
 * Logs what was skipped and decides whether to delete the selection: not in a dry run, not when
 * nothing is left to delete.
 */
function proceed(settings: Settings, result: CleanupResult, { log }: RunSeams): boolean {
  const selection = result.selection;
  if (selection === undefined) return false;
  logSkipped(result, log);
  if (settings.dryRun) {
    const backup = settings.backupDir === undefined ? '' : ' or backed up';
    log.info(`Dry run: nothing was deleted${backup} (${result.selected - result.skipped.length} item(s) selected).`);
    return false;
  }
  const toDelete = selection.uploadIds.length + selection.tracks.length;
  if (toDelete === 0)
    log.info(
      `Nothing to delete: ${result.plan !== undefined ? 'no planned item still qualifies' : result.skipped.length > 0 ? 'every selected item was skipped' : 'no upload or track matched'}.`,
    );
  return toDelete > 0;
}

/** Most IDs named per reason in the log line of skipped items: the report names every one. */
const MAX_SKIPPED_NAMED = 100;

/** Applying a plan: the items skipped, by reason, each named (up to a hundred a reason). */
function logSkipped(result: CleanupResult, log: RunLog): void {
  const skipped = result.skipped;
  if (skipped.length === 0) return;
  const what =
    result.plan === undefined
      ? `selected item(s) that are not proven deletable`
      : `planned item(s) that changed since the plan`;
  log.warning(`Skipped ${skipped.length} ${what}; they are not deleted`);
  for (const [reason, ids] of result.skippedByReason())
    log.info(`Skipped, ${reason} (${ids.length}): ${shortList(ids, MAX_SKIPPED_NAMED, ', ')}`);
}
