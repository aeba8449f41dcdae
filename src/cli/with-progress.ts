import { systemClock, type Clock } from '../core/common/clock.ts';
import type { RunEnd } from '../core/run-end.ts';
import type { RunLog } from '../core/seams.ts';
import type { Progress } from './args.ts';
import { Display, type Output } from './display.ts';
import type { CommandIo } from './io.ts';

/** What a run of the command prints through: in the command's words, without the token. */
export type Mask = (text: string) => string;

/** Runs `work` with its lines and a progress line (`line` of the time elapsed) on stderr. */
export async function withProgress(
  progress: Progress,
  io: CommandIo,
  mask: Mask,
  line: (elapsedMs: number) => string | undefined,
  work: (log: RunLog, clock: Clock) => Promise<RunEnd>,
): Promise<RunEnd> {
  const display = new Display(io.stderr, progressMode(progress, io.stderr), mask);
  const clock = io.clock ?? systemClock;
  const startedAt = clock.now();
  display.start(() => line(clock.now() - startedAt));
  try {
    return await work({ info: (m) => display.info(m), warning: (m) => display.warning(m), debug: () => {} }, clock);
  } finally {
    display.stop();
  }
}

export function progressMode(progress: Progress, stderr: Output): 'live' | 'lines' | 'off' {
  if (progress !== 'auto') return progress;
  return stderr.isTTY === true ? 'live' : 'lines';
}

/** The summary on stdout; with --json, the report document there and the summary on stderr. */
export function printEnd(json: boolean, io: CommandIo, summary: string, end: RunEnd): void {
  if (!json) {
    io.stdout.write(summary);
    return;
  }
  io.stderr.write(summary);
  for (const chunk of end.document()) io.stdout.write(chunk);
}
