import { InputError } from '../core/common/errors.ts';
import { describeEnvironment } from '../core/cma/environment.ts';
import { executeRestore } from '../core/restore.ts';
import { restoreLines } from '../core/restore/restore-lines.ts';
import { restoreOutcome } from '../core/restore/restore-report.ts';
import { RestoreResult, type RestoreSettings } from '../core/restore/restore-result.ts';
import { readRestoreSettings } from '../core/restore/restore-settings.ts';
import type { Host } from '../core/seams.ts';
import type { RunEnd } from '../core/run-end.ts';
import type { InputReader } from '../core/settings/settings.ts';
import { COMMAND } from '../core/common/version.ts';
import { COMMAND_WORDING } from '../core/settings/wording.ts';
import type { Command } from './args.ts';
import type { Interrupt } from './interrupt.ts';
import { EXIT, type CommandIo } from './io.ts';
import { printEnd, withProgress, type Mask } from './with-progress.ts';

/**
 * `restore BACKUP_DIR`: the settings from the flags and the token, the restore with its progress
 * on stderr, then the summary (or the report, with --json) and the exit code.
 */
export async function runRestore(
  command: Extract<Command, { kind: 'run' }>,
  input: InputReader,
  host: Host,
  io: CommandIo,
  interrupt: Interrupt,
  mask: Mask,
): Promise<number> {
  let settings: RestoreSettings;
  try {
    settings = readRestoreSettings(input, host, COMMAND_WORDING);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    io.stderr.write(`${COMMAND.name}: ${mask(error.message)}\n`);
    return EXIT.usage;
  }
  const result = new RestoreResult();
  const line = (elapsedMs: number) =>
    `Restoring: ${result.count('restored')} restored, ${result.count('failed')} not restored, ${result.count('pending')} pending (${Math.round(elapsedMs / 1000)} s)`;
  const end = await withProgress(command.progress, io, mask, line, (log, clock) =>
    executeRestore(
      settings,
      result,
      { log, clock, cancelled: interrupt.signal, tool: COMMAND, wording: COMMAND_WORDING },
      host,
    ),
  );
  const summary = mask(renderRestoreSummary(result, end, interrupt.exitCode() !== undefined));
  printEnd(command.json, io, summary, end);
  const interrupted = interrupt.exitCode();
  if (interrupted !== undefined) return interrupted;
  if (end.error !== undefined) {
    io.stderr.write(`${COMMAND.name}: ${mask(end.error.message)}\n`);
    // A manifest, file or ID map that does not hold up is found before any request.
    return end.error instanceof InputError ? EXIT.usage : EXIT.failed;
  }
  const shortfall = result.shortfall('see the "Not restored" lines and the report');
  if (shortfall !== undefined) {
    io.stderr.write(`${COMMAND.name}: ${mask(shortfall)}\n`);
    return EXIT.failed;
  }
  return EXIT.done;
}

function renderRestoreSummary(result: RestoreResult, end: RunEnd, cancelled: boolean): string {
  const outcome = restoreOutcome(result, { error: end.error?.message, cancelled });
  const headline =
    outcome === 'failed'
      ? `Failed: ${end.error?.message ?? ''}`
      : outcome === 'cancelled'
        ? `Interrupted: ${end.error?.message ?? ''}`
        : outcome === 'dry-run'
          ? `Dry run: nothing was restored.`
          : outcome === 'succeeded'
            ? 'Restore done.'
            : `Restore failed: ${result.count('failed') + result.count('pending')} upload(s) not restored.`;
  const lines = [
    '',
    headline,
    `Backup: ${result.dir}${result.manifest === undefined ? '' : ` (made ${result.manifest.createdAt})`}`,
    `Environment: ${result.environment === undefined ? 'not known' : describeEnvironment(result.environment)}`,
    ...(result.manifest === undefined ? [] : restoreLines(result)),
    ...result.notes.map((note) => `Note: ${note}`),
    `Duration: ${(end.durationMs / 1000).toFixed(1)} s`,
    end.report.problem === undefined ? `Report: ${end.report.path}` : 'Report: not written (see the warning above)',
  ];
  return `${lines.join('\n')}\n`;
}
