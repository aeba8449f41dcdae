import type { Clock } from '../src/core/common/clock.ts';

interface Timer {
  readonly at: number;
  readonly resolve: () => void;
}

/** Lets every pending promise callback and I/O callback run. */
export const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A clock whose time moves only when a test advances it: no test waits in real time. */
export class FakeClock implements Clock {
  time = 0;
  private timers: Timer[] = [];

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      const timer: Timer = { at: this.time + Math.max(0, ms), resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((t) => t !== timer);
          reject(signal.reason as Error);
        },
        { once: true },
      );
    });
  }

  /** Moves time forward by `ms`, firing every timer due on the way, in order. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await flush();
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.time = Math.max(this.time, due.at);
      this.timers = this.timers.filter((t) => t !== due);
      due.resolve();
    }
    this.time = end;
    await flush();
  }

  /** Advances until `promise` settles (or `limitMs` passes) and returns it. */
  async until<T>(promise: Promise<T>, limitMs = 600_000, stepMs = 50): Promise<T> {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (let spent = 0; !settled && spent < limitMs; spent += stepMs) await this.advance(stepMs);
    return promise;
  }

  get pendingTimers(): number {
    return this.timers.length;
  }
}
