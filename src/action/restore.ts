import type { Clock } from '../core/common/clock.ts';
import { describeEnvironment } from '../core/cma/environment.ts';
import { InputError } from '../core/common/errors.ts';
import { executeRestore } from '../core/restore.ts';
import { restoreLines } from '../core/restore/restore-lines.ts';
import { restoreOutcome } from '../core/restore/restore-report.ts';
import { RestoreResult, type RestoreSettings } from '../core/restore/restore-result.ts';
import { readRestoreSettings } from '../core/restore/restore-settings.ts';
import type { Host } from '../core/seams.ts';
import type { RunEnd } from '../core/run-end.ts';
import { ACTION } from '../core/common/version.ts';
import { ACTION_WORDING } from '../core/settings/wording.ts';
import { runLog, type Runner } from './runner.ts';
import { outputsLost, setOutputs, writeSummary } from './runner-files.ts';
import { escape, escapeCode } from '../core/review/markdown.ts';

/** The step with `restore-from`: re-create the backup's uploads, then outputs, summary and report. */
export async function restoreStep(runner: Runner, clock: Clock, cancelled: AbortSignal, host: Host): Promise<void> {
  let settings: RestoreSettings;
  try {
    settings = readRestoreSettings((name) => runner.getInput(name), host, ACTION_WORDING);
  } catch (error) {
    runner.setFailed(error instanceof InputError ? error.message : String(error));
    return;
  }
  const result = new RestoreResult();
  const log = runLog(runner);
  const end = await executeRestore(
    settings,
    result,
    { log, clock, cancelled, tool: ACTION, wording: ACTION_WORDING },
    host,
  );
  const outputsProblem = setOutputs(runner, restoreOutputs(result, end));
  const summaryWritten = await writeSummary(
    runner,
    renderRestoreSummary(result, end, cancelled.aborted),
    outputsProblem === undefined,
  );
  const reportFile = end.report.problem === undefined ? end.report.path : undefined;
  if (outputsProblem !== undefined) runner.setFailed(outputsLost(outputsProblem, reportFile, summaryWritten));
  const shortfall = result.shortfall('see the job summary and the report');
  if (end.error !== undefined) runner.setFailed(end.error.message);
  else if (shortfall !== undefined) runner.setFailed(shortfall);
}

/** The step's outputs for a restore: the same names as a cleanup's, and the ID map. */
export function restoreOutputs(result: RestoreResult, end: RunEnd): Record<string, string> {
  const failedIds = [...result.items].flatMap(([id, item]) => (item.fate === 'failed' ? [id] : []));
  const jobIds = [...result.items.values()].flatMap((item) => (item.jobId === undefined ? [] : [item.jobId]));
  return {
    successful: String(result.count('restored')),
    failed: String(failedIds.length),
    'failed-ids': failedIds.join(','),
    'job-ids': jobIds.join(','),
    selected: String(result.items.size),
    environment: result.environment?.id ?? '',
    'report-file': end.report.problem === undefined ? end.report.path : '',
    'id-map': JSON.stringify(Object.fromEntries(result.idMap.restored)),
    skipped: String(result.count('skipped')),
    'report-sha256': end.report.sha256 ?? '',
    'comment-url': '',
  };
}

function renderRestoreSummary(result: RestoreResult, end: RunEnd, cancelled: boolean): string {
  const outcome = restoreOutcome(result, { error: end.error?.message, cancelled });
  const headline =
    outcome === 'failed' || outcome === 'cancelled'
      ? `:x: **${outcome === 'failed' ? 'Failed' : 'Cancelled'}:** ${escape(end.error?.message ?? '')}`
      : outcome === 'dry-run'
        ? ':mag: **Dry run**: nothing was restored.'
        : outcome === 'succeeded'
          ? `:white_check_mark: ${result.count('restored')} upload(s) restored.`
          : `:x: **Failed:** ${result.count('restored')} restored, **${result.count('failed') + result.count('pending')} not restored**.`;
  const lines = [
    '## DatoCMS media restore',
    '',
    headline,
    '',
    `- Backup: \`${escapeCode(result.dir)}\`${result.manifest === undefined ? '' : ` (made ${escape(result.manifest.createdAt)})`}`,
    `- Environment: ${result.environment === undefined ? 'not known' : describeEnvironment(result.environment)}`,
    ...(result.manifest === undefined ? [] : restoreLines(result).map((line) => `- ${escape(line)}`)),
    ...result.notes.map((note) => `- :warning: ${escape(note)}`),
    `- Duration: ${(end.durationMs / 1000).toFixed(1)} s`,
    ...(end.report.problem === undefined ? [`- Report: \`${escapeCode(end.report.path)}\``] : []),
    '',
    'Records that used the old uploads are not relinked: their IDs are gone. The `id-map` output maps each old ID to its new one.',
  ];
  return `${lines.join('\n')}\n`;
}
