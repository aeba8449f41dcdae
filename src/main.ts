import { Agent } from 'undici';
import { listenForSignals, type Cancellation } from './cancellation.ts';
import { runCleanup, type Logger } from './cleanup.ts';
import { systemClock, type Clock } from './clock.ts';
import { createCmaClient, type CmaClient } from './cma-client.ts';
import { createCmaHttp, UnansweredRequests } from './cma-http.ts';
import {
  describeEnvironment,
  EnvironmentError,
  requestedEnvironment,
  resolveEnvironment,
  type TargetEnvironment,
} from './environment.ts';
import { CancelledError, InputError, JobTimeoutError, SelectionCapError, describeCause } from './errors.ts';
import { runnerHost, type Host } from './host.ts';
import { reportHeader, reportItems, reportText, type ReportContext } from './run-report.ts';
import { fatal } from './fatal.ts';
import { JobPoller } from './job-poller.ts';
import { RateLimiter } from './rate-limit.ts';
import { IN_USE_HINT, outputs, renderSummary } from './report.ts';
import { CleanupResult } from './result.ts';
import { RETRY_POLICY } from './retry-policy.ts';
import { actionsRunner, type Runner } from './runner.ts';
import { select, selectsNothing } from './selection.ts';
import { shortList } from './short-list.ts';
import { readSettings, reportPath, withListFiles, type ListFileCounts, type Settings } from './settings.ts';
import { ACTION_NAME, ACTION_VERSION, USER_AGENT } from './version.ts';

/** Per-request limits: a request that hangs is retried instead of holding the run until job-timeout. */
const HTTP_TIMEOUTS = { connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000 };

/**
 * The action: read the inputs, delete, report. Every fatal error ends as one `setFailed` line.
 * `cancellation` is listened for by the caller (the entry point does it first of all); without
 * one, the run listens for signals itself while it runs.
 */
export async function run(
  runner: Runner = actionsRunner,
  clock: Clock = systemClock,
  cancellation?: Cancellation,
  host: Host = runnerHost(),
): Promise<void> {
  const cancel = cancellation ?? listenForSignals();
  const warnOnCancel = (): void =>
    runner.warning(
      `${describeCause(cancel.signal.reason)}: stopping; jobs already started may still complete on DatoCMS`,
    );
  try {
    if (cancel.signal.aborted) warnOnCancel();
    else cancel.signal.addEventListener('abort', warnOnCancel, { once: true });
    await runWith(runner, clock, cancel.signal, host);
  } finally {
    cancel.signal.removeEventListener('abort', warnOnCancel);
    if (cancellation === undefined) cancel.dispose();
  }
}

async function runWith(runner: Runner, clock: Clock, cancelled: AbortSignal, host: Host): Promise<void> {
  const startedAt = clock.now();
  const startedAtMs = Date.now();
  maskToken(runner);
  let settings: Settings & { fromFiles: ListFileCounts };
  try {
    settings = withListFiles(
      readSettings((name) => runner.getInput(name)),
      host.places,
      host.files,
    );
  } catch (error) {
    runner.setFailed(error instanceof InputError ? error.message : String(error));
    return;
  }
  const result = new CleanupResult();
  result.dryRun = settings.dryRun;
  result.verification.enabled = settings.verify;
  const error = await deleteAll(settings, result, { runner, clock, cancelled });
  const file = writeRunReport(result, host, {
    tool: { name: ACTION_NAME, version: ACTION_VERSION },
    settings,
    fromFiles: settings.fromFiles,
    startedAt: startedAtMs,
    endedAt: Date.now(),
    clockOrigin: startedAtMs - startedAt,
    error: error?.message,
    cancelled: error instanceof CancelledError,
  });
  if ('problem' in file) {
    runner.warning(
      `The report could not be written to ${file.path} (${file.problem}); the outputs and the summary hold the counts`,
    );
  }
  await report(settings, result, runner, error, clock.now() - startedAt, 'written' in file ? file.path : undefined);
}

/** Writes the run's report where `report-file` says; says why it could not. */
function writeRunReport(
  result: CleanupResult,
  host: Host,
  context: ReportContext,
): { written: true; path: string } | { problem: string; path: string } {
  const path = reportPath(context.settings, host.places);
  try {
    host.writeText(path, reportText(reportHeader(result, context), reportItems(result)));
    return { written: true, path };
  } catch (error) {
    return { problem: describeCause(error), path };
  }
}

/** Masks the token as given and as trimmed, before anything else can log it. */
function maskToken(runner: Runner): void {
  const raw = runner.getInput('api-token');
  for (const secret of new Set([raw, raw.trim()])) if (secret !== '') runner.setSecret(secret);
}

/** The run's side effects: the runner, time, and the cancellation it listens for. */
interface RunContext {
  readonly runner: Runner;
  readonly clock: Clock;
  /** Aborted on SIGINT/SIGTERM. */
  readonly cancelled: AbortSignal;
}

/** Selects, checks the selection, deletes; returns the fatal error, if any. */
async function deleteAll(settings: Settings, result: CleanupResult, context: RunContext): Promise<Error | undefined> {
  const { runner } = context;
  if (context.cancelled.aborted) return fatal(context.cancelled.reason, result);
  result.environment = requestedEnvironment(settings.environment, 'the run stopped before it was looked up');
  if (selectsNothing(settings)) {
    result.environment = requestedEnvironment(settings.environment, 'not looked up: nothing to delete');
    runner.info(`Target: ${describeEnvironment(result.environment)} at ${settings.baseUrl}`);
    result.select({
      uploadIds: [],
      uploads: [],
      unlisted: 0,
      tracks: [],
      described: ['no upload ID or track was given (inputs and files are empty)'],
      notes: [],
    });
    runner.info('Nothing to delete: no upload ID or track was given (inputs and files are empty).');
    return undefined;
  }
  const log: Logger = { info: (m) => runner.info(m), warning: (m) => runner.warning(m) };
  const unanswered = new UnansweredRequests();
  try {
    await withRunScope(settings, context, unanswered, async ({ client, controller }) => {
      result.environment = await target(settings, client, log, result);
      const selection = await select(settings, client);
      result.select(selection);
      if (!proceed(settings, result, log)) return;
      const { clock } = context;
      const poller = new JobPoller((id) => client.getJobResult(id), clock, controller.signal);
      const stop = (reason: unknown): void => controller.abort(reason);
      const { uploadIds, tracks: uploadTracks } = selection;
      const work = { uploadIds, uploadTracks, deleteEndpoint: settings.deleteEndpoint, verify: settings.verify };
      await runCleanup(work, result, { client, poller, clock, log, signal: controller.signal, stop });
    });
    return undefined;
  } catch (error) {
    result.unanswered.push(...unanswered.list());
    return fatal(error, result);
  }
}

/** Looks up the environment and names it in the run's first log line. */
async function target(
  settings: Settings,
  client: CmaClient,
  log: Logger,
  result: CleanupResult,
): Promise<TargetEnvironment> {
  let environment: TargetEnvironment;
  try {
    environment = await resolveEnvironment(client, settings.environment);
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

interface RunScope {
  readonly client: CmaClient;
  /** Aborted by the job-timeout deadline, a cancellation signal, or a fatal error. */
  readonly controller: AbortController;
}

/**
 * Runs `work` with a CMA client whose every request and wait ends at the job-timeout deadline or
 * on cancellation, then lets go of the timer, the listener and the sockets.
 */
async function withRunScope(
  settings: Settings,
  { runner, clock, cancelled }: RunContext,
  unanswered: UnansweredRequests,
  work: (scope: RunScope) => Promise<void>,
): Promise<void> {
  const controller = new AbortController();
  const deadline = setTimeout(
    () => controller.abort(new JobTimeoutError(settings.jobTimeoutMs, [])),
    settings.jobTimeoutMs,
  );
  const onCancel = (): void => controller.abort(cancelled.reason);
  cancelled.addEventListener('abort', onCancel, { once: true });
  if (cancelled.aborted) onCancel(); // aborted before the listener: it would never fire
  const agent = new Agent({
    connect: { timeout: HTTP_TIMEOUTS.connectMs },
    headersTimeout: HTTP_TIMEOUTS.headersMs,
    bodyTimeout: HTTP_TIMEOUTS.bodyMs,
  });
  try {
    const http = createCmaHttp(
      { ...settings, userAgent: USER_AGENT },
      {
        dispatcher: agent,
        limiter: new RateLimiter(clock),
        retryPolicy: RETRY_POLICY,
        clock,
        signal: controller.signal,
        debug: (message) => runner.debug(message),
        unanswered,
        deadline: clock.now() + settings.jobTimeoutMs,
      },
    );
    await work({ client: createCmaClient(http), controller });
  } finally {
    clearTimeout(deadline);
    cancelled.removeEventListener('abort', onCancel);
    await agent.destroy();
  }
}

/**
 * Logs the selection and decides whether to delete it: not in a dry run, not when nothing
 * matched; throws when more than max-deletions matched.
 */
function proceed(settings: Settings, result: CleanupResult, log: Logger): boolean {
  const selection = result.selection;
  if (selection === undefined) return false;
  log.info(
    `Selected ${selection.uploadIds.length} upload(s) and ${selection.tracks.length} track(s): ${selection.described.join('; ')}`,
  );
  for (const note of selection.notes) log.warning(note);
  if (result.selected > settings.maxDeletions) {
    const tooMany = new SelectionCapError(result.selected, settings.maxDeletions);
    if (!settings.dryRun) throw tooMany;
    log.warning(`Dry run: a real run would stop here: ${tooMany.message}`);
  }
  if (settings.dryRun) {
    log.info(`Dry run: nothing was deleted (${result.selected} item(s) selected).`);
    return false;
  }
  if (result.selected === 0) log.info('Nothing to delete: no upload or track matched.');
  return result.selected > 0;
}

async function report(
  settings: Settings,
  result: CleanupResult,
  runner: Runner,
  error: Error | undefined,
  durationMs: number,
  reportFile: string | undefined,
): Promise<void> {
  for (const [name, value] of Object.entries(outputs(result, reportFile))) runner.setOutput(name, value);
  if (reportFile !== undefined) runner.info(`Report: ${reportFile}`);
  runner.info(`Deleted ${result.successful}, failed ${result.failed}, job(s): ${result.jobIds.join(', ') || 'none'}`);
  if (result.failed > 0) runner.warning(failureWarning(result));
  try {
    await runner.writeSummary(renderSummary({ result, durationMs, error: error?.message, reportFile }));
  } catch (summaryError) {
    runner.warning(
      `The job summary could not be written (${describeCause(summaryError)}); the outputs hold the counts`,
    );
  }
  if (error !== undefined) {
    runner.setFailed(error.message);
  } else if (result.failed > 0 && settings.failOnFailed) {
    runner.setFailed(
      `${result.failed} deletion(s) failed and fail-on-failed is true: see the warning above and the job summary`,
    );
  }
}

/** One annotation, however many items failed: the first notes and IDs, the rest in the summary. */
function failureWarning(result: CleanupResult): string {
  const parts = [`${result.failed} of ${result.requestedUploads + result.requestedTracks} deletion(s) failed`];
  if (result.failedIds.length > 0) parts.push(`not deleted: ${shortList(result.failedIds, 10)}`);
  const inUse = result.failedFor('in use by records');
  if (inUse > 0) parts.push(`${inUse} kept because records use them (${IN_USE_HINT})`);
  if (result.notes.length > 0) parts.push(shortList(result.notes, 3, '; '));
  return `${parts.join('; ')} (see the job summary and the failed-ids output)`;
}
