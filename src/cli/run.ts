import { applyHint, type ApplyHint } from '../core/report/apply-hint.ts';
import { InputError } from '../core/common/errors.ts';
import { nodeFiles } from '../core/settings/node-files.ts';
import { CleanupResult } from '../core/result/result.ts';
import { execute } from '../core/run.ts';
import { type Host } from '../core/seams.ts';
import { type RunEnd } from '../core/run-end.ts';
import { asksForRestore } from '../core/restore/restore-settings.ts';
import { buildSettings, type RunSettings } from '../core/build-settings.ts';
import { COMMAND } from '../core/common/version.ts';
import { COMMAND_WORDING } from '../core/settings/wording.ts';
import { writeText } from '../core/common/write-text.ts';
import type { Command } from './args.ts';
import { progressLine } from './display.ts';
import type { Interrupt } from './interrupt.ts';
import { EXIT, type CommandIo } from './io.ts';
import { runRestore } from './restore.ts';
import { printEnd, withProgress, type Mask } from './with-progress.ts';
import { renderTextSummary } from './summary.ts';
import { markdownTarget, writeReview } from './markdown-file.ts';

/**
 * A cleanup run from the command line: the settings from the flags and the token, the run with
 * its progress on stderr, then the summary (or the report, with --json) and the exit code.
 */
export async function runCleanup(
  command: Extract<Command, { kind: 'run' }>,
  token: string,
  io: CommandIo,
  interrupt: Interrupt,
  mask: Mask,
): Promise<number> {
  const host: Host = { files: nodeFiles, places: { workspace: io.cwd, reportDir: io.cwd }, writeText };
  const input = (name: string) => (name === 'api-token' ? token : (command.inputs.get(name) ?? ''));
  if (asksForRestore(input)) return runRestore(command, input, host, io, interrupt, mask);
  let settings: RunSettings;
  let markdownFile: string | undefined;
  try {
    settings = await buildSettings(input, host, COMMAND_WORDING);
    markdownFile = markdownTarget(command.markdownFile, settings, host);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    io.stderr.write(`${COMMAND.name}: ${mask(error.message)}\n`);
    return EXIT.usage;
  }
  const result = new CleanupResult();
  const line = (elapsedMs: number) => progressLine(result, elapsedMs);
  const startedAt = new Date();
  const end = await withProgress(command.progress, io, mask, line, (log, clock) =>
    execute(
      settings,
      result,
      { log, clock, cancelled: interrupt.signal, tool: COMMAND, wording: COMMAND_WORDING },
      host,
    ),
  );
  const cancelled = interrupt.exitCode() !== undefined;
  const review =
    markdownFile === undefined
      ? undefined
      : writeReview(markdownFile, settings, { result, end, cancelled, startedAt }, host);
  const hint = hintOf(settings, result, end, cancelled);
  print(command.json, io, mask, { result, end, cancelled, hint }, review?.line);
  const say = (line: string) => io.stderr.write(`${mask(line)}\n`);
  const code = exitCode(end, result, settings.failOnFailed, interrupt, say);
  // The review was asked for (a later step posts it): not writing it fails a run that was done.
  if (review?.written === false && code === EXIT.done) {
    say(`${COMMAND.name}: ${review.line}`);
    return EXIT.failed;
  }
  return code;
}

/** What the summary tells, as the run ended. */
interface Ending {
  readonly result: CleanupResult;
  readonly end: RunEnd;
  readonly cancelled: boolean;
  readonly hint: ApplyHint | undefined;
}

/** The summary on stdout; with --json, the report there and the summary on stderr. */
function print(
  json: boolean,
  io: CommandIo,
  mask: Mask,
  { result, end, cancelled, hint }: Ending,
  more?: string,
): void {
  const text = (summary: string) => (more === undefined ? summary : `${summary}${more}\n`);
  const summary = mask(
    text(
      renderTextSummary({
        result,
        error: end.error?.message,
        cancelled,
        durationMs: end.durationMs,
        reportFile: end.report.problem === undefined ? end.report.path : undefined,
        reportSha256: end.report.sha256,
        applyHint: hint,
      }),
    ),
  );
  printEnd(json, io, summary, end);
}

function hintOf(settings: RunSettings, result: CleanupResult, end: RunEnd, cancelled: boolean): ApplyHint | undefined {
  const written = end.report.problem === undefined;
  return applyHint(
    settings,
    result,
    {
      failed: end.error !== undefined || cancelled,
      reportFile: written ? end.report.path : undefined,
      reportSha256: written ? end.report.sha256 : undefined,
    },
    COMMAND_WORDING,
  );
}

function exitCode(
  end: RunEnd,
  result: CleanupResult,
  failOnFailed: boolean,
  interrupt: Interrupt,
  say: (line: string) => void,
): number {
  const interrupted = interrupt.exitCode();
  if (interrupted !== undefined) return interrupted;
  if (end.error !== undefined) {
    say(`${COMMAND.name}: ${end.error.message}`);
    return EXIT.failed;
  }
  if (result.failed > 0 && failOnFailed) {
    say(
      `${COMMAND.name}: ${result.failed} item(s) were not deleted and --fail-on-failed is set (${whereNotDeleted(result)})`,
    );
    return EXIT.failed;
  }
  return EXIT.done;
}

/** Where the summary shows the items not deleted: their list, or only their count when the API named none. */
function whereNotDeleted(result: CleanupResult): string {
  if (result.failures.length > 0) return 'see "Not deleted:" above';
  return 'the API did not say which: see the "Not deleted" column above, and the report\'s items of fate unknown';
}
