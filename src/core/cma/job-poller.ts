import type { Clock } from '../common/clock.ts';
import type { JobResult } from './cma-client.ts';

/** How a job is polled while nothing is known of how long jobs take. */
export interface PollTiming {
  /** First poll after submission: well under a second, so that quick jobs finish quickly. Default 250 ms. */
  readonly firstMs: number;
  /**
   * Each wait is this many times the last one. Default 1.5: gentler than doubling, so that a
   * job is seen done soon after it is (a 2 s job at 2.03 s rather than 3.75 s) for one more poll.
   */
  readonly factor: number;
  /** Longest wait between two polls of one job. Default 3,000 ms. */
  readonly capMs: number;
}

export const POLL_TIMING: PollTiming = { firstMs: 250, factor: 1.5, capMs: 3000 };

/** The wait before poll number `attempt` (0 = the first) of a job: capped exponential. */
export function pollDelay(attempt: number, timing: PollTiming = POLL_TIMING): number {
  return Math.round(Math.min(timing.firstMs * timing.factor ** attempt, timing.capMs));
}

/**
 * What a run has learned of how long jobs of one kind take. Until the first job of a kind is
 * done, only that job (the probe) polls on the capped exponential schedule; the others wait for
 * what it learns (or for `capMs`), then poll first at the learned latency. Jobs of one kind and
 * size take about as long, so most jobs then need a single poll instead of three or four: this
 * is what keeps a large run's requests close to one submission plus one poll per job.
 */
class LatencyModel {
  estimateMs: number | undefined;
  probing = false;
  private wake: () => void = () => {};
  learned: Promise<void> = this.reset();

  learn(elapsedMs: number): void {
    this.estimateMs = Math.min(this.estimateMs ?? elapsedMs, elapsedMs);
    this.wake();
  }

  /** A probe that ends without a result lets the waiting jobs go on their own. */
  release(): void {
    this.probing = false;
    this.wake();
    this.learned = this.reset();
  }

  private reset(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }
}

export type GetJobResult = (jobId: string) => Promise<JobResult | undefined>;

/** Polls jobs until they are done. Aborting the signal (deadline, fatal error, cancel) stops every wait. */
export class JobPoller {
  private readonly models = new Map<string, LatencyModel>();
  private readonly getJobResult: GetJobResult;
  private readonly clock: Clock;
  private readonly signal: AbortSignal;
  private readonly timing: PollTiming;

  constructor(getJobResult: GetJobResult, clock: Clock, signal: AbortSignal, timing: PollTiming = POLL_TIMING) {
    this.getJobResult = getJobResult;
    this.clock = clock;
    this.signal = signal;
    this.timing = timing;
  }

  /** Waits for job `jobId` of `kind`, submitted at `submittedAt` (clock time), and returns its result. */
  async wait(jobId: string, kind: string, submittedAt: number): Promise<JobResult> {
    const model = this.model(kind);
    const probe = model.estimateMs === undefined && !model.probing;
    if (probe) model.probing = true;
    try {
      let nextAt = await this.firstPollAt(model, probe, submittedAt);
      for (let attempt = 1; ; attempt++) {
        await this.clock.sleep(nextAt - this.clock.now(), this.signal);
        const result = await this.getJobResult(jobId);
        const now = this.clock.now();
        if (result !== undefined) {
          model.learn(now - submittedAt);
          return result;
        }
        nextAt = now + pollDelay(attempt, this.timing);
      }
    } finally {
      if (probe && model.estimateMs === undefined) model.release();
    }
  }

  private async firstPollAt(model: LatencyModel, probe: boolean, submittedAt: number): Promise<number> {
    if (!probe && model.estimateMs === undefined) {
      const giveUpAt = submittedAt + this.timing.capMs;
      const fallback = new AbortController();
      const signal = AbortSignal.any([this.signal, fallback.signal]);
      await Promise.race([model.learned, this.clock.sleep(giveUpAt - this.clock.now(), signal).catch(() => {})]);
      fallback.abort();
      this.signal.throwIfAborted();
    }
    const after = model.estimateMs ?? pollDelay(0, this.timing);
    return Math.max(submittedAt + after, this.clock.now());
  }

  private model(kind: string): LatencyModel {
    let model = this.models.get(kind);
    if (model === undefined) this.models.set(kind, (model = new LatencyModel()));
    return model;
  }
}
