import type { SimulatorStats } from './types.ts';

/** Counters behind `Simulator.stats()`. */
export class Stats {
  private readonly byStatus: Record<number, number> = {};
  /** Requests received, answered or not yet. */
  requests = 0;
  rateLimited = 0;
  faults = 0;

  /** Status 0 counts dropped connections. */
  answer(status: number): void {
    this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
  }

  snapshot(): SimulatorStats {
    return {
      requests: this.requests,
      byStatus: { ...this.byStatus },
      rateLimited: this.rateLimited,
      faults: this.faults,
    };
  }
}
