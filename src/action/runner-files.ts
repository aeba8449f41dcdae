import { describeCause } from '../core/common/errors.ts';
import type { Runner } from './runner.ts';

/**
 * The runner's files, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY, written after the run: a file that
 * cannot be written never stops the other writes. Lost outputs fail the step (a later step would
 * read nothing); a lost summary is a warning (the outputs and the report hold the counts).
 */

/** Sets every output, each on its own; returns why GITHUB_OUTPUT could not take them, if it could not. */
export function setOutputs(runner: Runner, outputs: Record<string, string>): string | undefined {
  let problem: string | undefined;
  for (const [name, value] of Object.entries(outputs)) {
    try {
      runner.setOutput(name, value);
    } catch (error) {
      problem ??= describeCause(error);
    }
  }
  return problem;
}

/** The step's error line when the outputs were lost: what happened, and where the counts still are. */
export function outputsLost(problem: string, reportFile: string | undefined, summaryWritten: boolean): string {
  const holders = [
    ...(reportFile === undefined ? [] : [`the report (${reportFile})`]),
    ...(summaryWritten ? ['the job summary'] : []),
  ];
  const counts = holders.length === 0 ? 'the log above holds the counts' : `the counts are in ${holders.join(' and ')}`;
  return `The step's outputs could not be written to GITHUB_OUTPUT (${problem}), so a later step would read none of them: leave GITHUB_OUTPUT as the runner sets it (no env: may override it); ${counts}`;
}

/** Appends the job summary, and says whether it could: one that cannot be written is a warning, never the step's end. */
export async function writeSummary(runner: Runner, markdown: string, outputsWritten: boolean): Promise<boolean> {
  try {
    await runner.writeSummary(markdown);
    return true;
  } catch (error) {
    const counts = outputsWritten ? 'the outputs and the report hold the counts' : 'the report holds the counts';
    runner.warning(
      `The job summary could not be written to GITHUB_STEP_SUMMARY (${describeCause(error)}): leave GITHUB_STEP_SUMMARY as the runner sets it (no env: may override it); ${counts}`,
    );
    return false;
  }
}
