/** At most about this many progress lines per kind of event, however large the run. */
export const PROGRESS_LINES = 10;

/** Whether event number `n` (1-based) of `total` is logged: all of a small run, every tenth part of a large one. */
export function shouldLog(n: number, total: number, lines: number = PROGRESS_LINES): boolean {
  if (total <= lines) return true;
  return n === 1 || n === total || n % Math.ceil(total / lines) === 0;
}

/** Counts events of one kind and logs those `shouldLog` picks. */
export class ProgressCounter {
  private count = 0;
  private readonly total: number;
  private readonly log: (message: string) => void;

  constructor(total: number, log: (message: string) => void) {
    this.total = total;
    this.log = log;
  }

  /** Counts one event; `describe` builds its line only when it is logged. */
  tick(describe: (progress: string) => string): void {
    this.count++;
    if (shouldLog(this.count, this.total)) this.log(describe(`${this.count}/${this.total}`));
  }
}
