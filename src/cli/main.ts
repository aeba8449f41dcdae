import { systemClock, type Clock } from '../core/clock.ts';
import { InputError } from '../core/errors.ts';
import { nodeFiles } from '../core/node-files.ts';
import { CleanupResult } from '../core/result.ts';
import { execute, type Host, type RunEnd } from '../core/run.ts';
import { buildSettings } from '../core/settings.ts';
import { COMMAND } from '../core/version.ts';
import { COMMAND_WORDING } from '../core/wording.ts';
import { writeText } from '../core/write-text.ts';
import { parseCommand, UsageError, type Progress } from './args.ts';
import { Display, progressLine, type Output } from './display.ts';
import { helpText } from './help.ts';
import type { Interrupt } from './interrupt.ts';
import { renderTextSummary } from './summary.ts';
import { inCommandWords } from './words.ts';

/** Exit codes: done, failed, bad command line (nothing was sent). Interrupted runs exit 130 or 143. */
export const EXIT = { done: 0, failed: 1, usage: 2 } as const;

/** What the command reads and writes: the process, or a test's stand-in. */
export interface CommandIo {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly stdout: Output;
  readonly stderr: Output;
  readonly clock?: Clock;
}

/** The token's variable: the one DatoCMS's own CLI and clients read. */
export const TOKEN_VARIABLE = 'DATOCMS_API_TOKEN';

/**
 * The command: read the flags and DATOCMS_API_TOKEN, run the cleanup, print the summary (or the
 * report with --json), and return the exit code.
 */
export async function main(io: CommandIo, interrupt: Interrupt): Promise<number> {
  const hide = masker(io.env[TOKEN_VARIABLE] ?? '');
  /** Everything the command prints goes through this: in its words, and without the token. */
  const mask = (text: string): string => hide(inCommandWords(text));
  try {
    return await command(io, interrupt, mask);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`${COMMAND.name}: unexpected error: ${mask(message)}\n`);
    return EXIT.failed;
  }
}

async function command(io: CommandIo, interrupt: Interrupt, mask: (text: string) => string): Promise<number> {
  const token = io.env[TOKEN_VARIABLE];
  const fail = (message: string): number => {
    io.stderr.write(`${COMMAND.name}: ${mask(message)}\n`);
    return EXIT.usage;
  };
  let command: ReturnType<typeof parseCommand>;
  try {
    command = parseCommand(io.argv);
  } catch (error) {
    if (error instanceof UsageError) return fail(error.message);
    throw error;
  }
  if (command.kind === 'help') {
    io.stdout.write(helpText());
    return EXIT.done;
  }
  if (command.kind === 'version') {
    io.stdout.write(`${COMMAND.version}\n`);
    return EXIT.done;
  }
  if (token === undefined) {
    return fail(
      `${TOKEN_VARIABLE} is not set: export ${TOKEN_VARIABLE}=<a CMA API token whose role may delete uploads> (DatoCMS: Project settings > API tokens)`,
    );
  }
  const host: Host = { files: nodeFiles, places: { workspace: io.cwd, reportDir: io.cwd }, writeText };
  let settings: ReturnType<typeof buildSettings>;
  try {
    settings = buildSettings(
      (name) => (name === 'api-token' ? token : (command.inputs.get(name) ?? '')),
      host,
      COMMAND_WORDING,
    );
  } catch (error) {
    if (error instanceof InputError) return fail(error.message);
    throw error;
  }
  const display = new Display(io.stderr, progressMode(command.progress, io.stderr), mask);
  const clock = io.clock ?? systemClock;
  const result = new CleanupResult();
  const startedAt = clock.now();
  display.start(() => progressLine(result, clock.now() - startedAt));
  let end: RunEnd;
  try {
    const log = { info: (m: string) => display.info(m), warning: (m: string) => display.warning(m), debug: () => {} };
    end = await execute(
      settings,
      result,
      { log, clock, cancelled: interrupt.signal, tool: COMMAND, wording: COMMAND_WORDING },
      host,
    );
  } finally {
    display.stop();
  }
  const cancelled = interrupt.exitCode() !== undefined;
  const summary = renderTextSummary({
    result,
    error: end.error?.message,
    cancelled,
    durationMs: end.durationMs,
    reportFile: end.report.problem === undefined ? end.report.path : undefined,
  });
  if (command.json) {
    io.stderr.write(mask(summary));
    for (const chunk of end.document()) io.stdout.write(chunk);
    io.stdout.write('\n');
  } else {
    io.stdout.write(mask(summary));
  }
  return exitCode(end, result, settings.failOnFailed, interrupt, (line) => io.stderr.write(`${mask(line)}\n`));
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
      `${COMMAND.name}: ${result.failed} item(s) were not deleted and --fail-on-failed is set (see "Not deleted" above)`,
    );
    return EXIT.failed;
  }
  return EXIT.done;
}

function progressMode(progress: Progress, stderr: Output): 'live' | 'lines' | 'off' {
  if (progress !== 'auto') return progress;
  return stderr.isTTY === true ? 'live' : 'lines';
}

/** Replaces the token wherever it would be written: nothing the command prints holds it. */
function masker(token: string): (text: string) => string {
  const secret = token.trim();
  if (secret.length < 4) return (text) => text;
  return (text) => text.split(secret).join('***');
}
