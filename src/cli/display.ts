import { clearLine, cursorTo } from 'node:readline';
import type { CleanupResult } from '../core/result/result.ts';

/** The part of a stream the display writes to (process.stderr, or a test's stand-in). */
export interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** How progress shows: a line redrawn in place, plain lines now and then, or nothing. */
export type ProgressMode = 'live' | 'lines' | 'off';

/** A live line is redrawn this often; plain lines come this often. */
const LIVE_EVERY_MS = 200;
const LINES_EVERY_MS = 5000;

/**
 * The run's lines and its progress on one stream. A live line is cleared before any other line
 * is written, then drawn again, so that messages never mix with it. `mask` hides the token in
 * everything written.
 */
export class Display {
  private shown = false;
  private timer: NodeJS.Timeout | undefined;
  private describe: () => string | undefined = () => undefined;
  /** The last plain progress line written, not to write the same twice. */
  private last = '';
  private readonly output: Output;
  private readonly mode: ProgressMode;
  private readonly mask: (text: string) => string;

  constructor(output: Output, mode: ProgressMode, mask: (text: string) => string) {
    this.output = output;
    this.mode = mode;
    this.mask = mask;
  }

  info(message: string): void {
    this.line(message);
  }

  warning(message: string): void {
    this.line(`warning: ${message}`);
  }

  /** Writes one line, the live progress line kept below it. */
  line(text: string): void {
    this.clear();
    this.output.write(`${this.mask(text)}\n`);
    if (this.timer !== undefined && this.mode === 'live') this.draw(this.describe());
  }

  /** Shows `describe()` while a run goes on: redrawn on a terminal, every few seconds elsewhere. */
  start(describe: () => string | undefined): void {
    if (this.mode === 'off') return;
    this.describe = describe;
    const tick = (): void => {
      const text = describe();
      if (this.mode === 'live') this.draw(text);
      else if (text !== undefined && text !== this.last) {
        this.last = text;
        this.output.write(`${this.mask(text)}\n`);
      }
    };
    this.timer = setInterval(tick, this.mode === 'live' ? LIVE_EVERY_MS : LINES_EVERY_MS);
    this.timer.unref();
  }

  /** Stops the progress and clears its line. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.clear();
  }

  private draw(text: string | undefined): void {
    if (text === undefined) {
      this.clear();
      return;
    }
    const width = Math.max(20, (this.output.columns ?? 100) - 1);
    this.clear();
    this.output.write(this.mask(text.length > width ? `${text.slice(0, width - 3)}...` : text));
    this.shown = true;
  }

  private clear(): void {
    if (!this.shown) return;
    cursorTo(this.output as NodeJS.WritableStream, 0);
    clearLine(this.output as NodeJS.WritableStream, 0);
    this.shown = false;
  }
}

/** The progress of the deletions, once they have started: items deleted of all, jobs pending, time. */
export function progressLine(result: CleanupResult, elapsedMs: number): string | undefined {
  if (result.selection === undefined || result.dryRun || result.jobs.length === 0) return undefined;
  const pending = result.pendingJobIds.length;
  if (pending === 0 && result.successful + result.failed === result.selected) return undefined;
  return [
    `Deleting: ${result.successful.toLocaleString('en-US')} of ${result.selected.toLocaleString('en-US')} deleted`,
    ...(result.failed > 0 ? [`${result.failed.toLocaleString('en-US')} not deleted`] : []),
    `${pending} job(s) pending`,
    `${(elapsedMs / 1000).toFixed(1)} s`,
  ].join(', ');
}
