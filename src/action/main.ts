import { listenForSignals, type Cancellation } from './cancellation.ts';
import { applyHint } from '../core/report/apply-hint.ts';
import { systemClock, type Clock } from '../core/common/clock.ts';
import { InputError, describeCause } from '../core/common/errors.ts';
import { CleanupResult } from '../core/result/result.ts';
import { asksForRestore } from '../core/restore/restore-settings.ts';
import { execute } from '../core/run.ts';
import { type Host } from '../core/seams.ts';
import { type RunEnd } from '../core/run-end.ts';
import { buildSettings, type RunSettings } from '../core/build-settings.ts';
import type { Settings } from '../core/settings/settings.ts';
import { secretHider } from '../core/common/secret.ts';
import { markdownHider } from '../core/review/markdown.ts';
import { shortList } from '../core/common/short-list.ts';
import { ACTION } from '../core/common/version.ts';
import { ACTION_WORDING } from '../core/settings/wording.ts';
import { runnerHost } from './host.ts';
import { restoreStep } from './restore.ts';
import { actionUses, applyLogLine, IN_USE_HINT, outputs, renderSummary } from './summary.ts';
import { actionsRunner, runLog, type Runner } from './runner.ts';
import { outputsLost, setOutputs, writeSummary } from './runner-files.ts';
import { readCommentInputs, type CommentInputs } from '../core/settings/comment-inputs.ts';
import { commentStep, type CommentOutcome } from './pr-comment/comment-step.ts';
import { commentText } from './pr-comment/comment-text.ts';

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

async function runWith(raw: Runner, clock: Clock, cancelled: AbortSignal, host: Host): Promise<void> {
  const runner = hidingTokens(raw, [maskToken(raw, 'api-token'), maskToken(raw, 'github-token')]);
  if (asksForRestore((name) => runner.getInput(name))) {
    await restoreStep(runner, clock, cancelled, host);
    return;
  }
  let settings: RunSettings;
  let commentInputs: CommentInputs;
  try {
    settings = await buildSettings((name) => runner.getInput(name), host, ACTION_WORDING);
    commentInputs = readCommentInputs((name) => runner.getInput(name));
  } catch (error) {
    runner.setFailed(error instanceof InputError ? error.message : String(error));
    return;
  }
  const result = new CleanupResult();
  const log = runLog(runner);
  const startedAt = new Date();
  const end = await execute(settings, result, { log, clock, cancelled, tool: ACTION, wording: ACTION_WORDING }, host);
  const comment = () =>
    commentStep({
      inputs: commentInputs,
      appliesPlan: settings.plan !== undefined && !settings.dryRun,
      env: process.env,
      cancelled,
      log,
      text: () =>
        commentText({
          settings,
          result,
          end,
          startedAt,
          cancelled: cancelled.aborted,
          githubToken: commentInputs.githubToken,
        }),
    });
  await report(settings, result, runner, end, comment);
}

/** Masks a token input as given and as trimmed, before anything else can log it; returns it trimmed. */
function maskToken(runner: Runner, name: 'api-token' | 'github-token'): string {
  const raw = runner.getInput(name);
  for (const secret of new Set([raw, raw.trim()])) if (secret !== '') runner.setSecret(secret);
  return raw.trim();
}

/**
 * The runner, with the tokens replaced by `***` in everything the action writes: the runner masks
 * its log, but not the outputs or the summary, and an API answer could echo a token (a job ID).
 * A token too short to look for is left to the runner's mask.
 */
function hidingTokens(runner: Runner, tokens: readonly string[]): Runner {
  const hiders = tokens.map((token) => secretHider(token));
  const hide = (text: string) => hiders.reduce((hidden, hider) => hider(hidden), text);
  // The summary is Markdown: a token echoed in it may have been escaped on the way.
  const markdownHiders = tokens.map((token) => markdownHider(token));
  const hideMarkdown = (text: string) => markdownHiders.reduce((hidden, hider) => hider(hidden), text);
  return {
    getInput: (name) => runner.getInput(name),
    setSecret: (secret) => runner.setSecret(secret),
    setOutput: (name, value) => runner.setOutput(name, hide(value)),
    info: (message) => runner.info(hide(message)),
    warning: (message) => runner.warning(hide(message)),
    debug: (message) => runner.debug(hide(message)),
    setFailed: (message) => runner.setFailed(hide(message)),
    writeSummary: (markdown) => runner.writeSummary(hideMarkdown(markdown)),
  };
}

/** The outputs, the log's last lines, the job summary and the step's end; the comment, if any, in between. */
async function report(
  settings: Settings,
  result: CleanupResult,
  runner: Runner,
  end: RunEnd,
  comment: () => Promise<CommentOutcome>,
): Promise<void> {
  const { error, durationMs } = end;
  const reportFile = end.report.problem === undefined ? end.report.path : undefined;
  const reportSha256 = end.report.sha256;
  if (reportFile !== undefined) runner.info(`Report: ${reportFile} (SHA-256 ${reportSha256 ?? 'unknown'})`);
  runner.info(`Deleted ${result.successful}, failed ${result.failed}, job(s): ${result.jobIds.join(', ') || 'none'}`);
  if (result.failed > 0) runner.warning(failureWarning(result));
  const commented = await comment();
  const outputsProblem = setOutputs(runner, outputs(result, reportFile, reportSha256, commented.url));
  const hint = applyHint(settings, result, { failed: error !== undefined, reportFile, reportSha256 }, ACTION_WORDING);
  const rendered = renderSummary({
    result,
    durationMs,
    error: error?.message,
    reportFile,
    reportSha256,
    applyHint: hint,
    uses: actionUses(process.env),
  });
  const summary = commented.summary === undefined ? rendered : `${rendered.trimEnd()}\n\n${commented.summary}\n`;
  const summarized = await writeSummary(runner, summary, outputsProblem === undefined);
  if (hint !== undefined) runner.info(applyLogLine(hint));
  if (outputsProblem !== undefined) runner.setFailed(outputsLost(outputsProblem, reportFile, summarized));
  if (error !== undefined) {
    runner.setFailed(error.message);
  } else if (result.failed > 0 && settings.failOnFailed) {
    runner.setFailed(
      `${result.failed} deletion(s) failed and fail-on-failed is true: see the warning above${summarized ? ' and the job summary' : ''}`,
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
  const where =
    result.failedIds.length > 0
      ? 'see the job summary and the failed-ids output'
      : "the API did not say which: see the job summary, and the report's items of fate unknown";
  return `${parts.join('; ')} (${where})`;
}
