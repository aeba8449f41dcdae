import type { JobInfo } from './types.ts';

/** What a job does when it completes. */
export type JobWork = { kind: 'batch' | 'bulk'; ids: string[] } | { kind: 'track'; uploadId: string; trackId: string };

export interface JobResult {
  status: number;
  payload: unknown;
}

export interface Job {
  id: string;
  environment: string;
  work: JobWork;
  readyAt: number;
  /** From a `jobStatus` fault: complete with this status, do nothing. */
  forcedStatus?: number;
  result?: JobResult;
}

export type JobRunner = (job: Job) => JobResult;

/**
 * Asynchronous jobs, completed lazily: whoever looks at the state first calls `settle(now)`,
 * which runs every due job in order of readiness. No timers, so nothing outlives `close()`, and
 * two jobs racing for the same upload always resolve in the same order.
 */
export class JobBoard {
  private readonly all = new Map<string, Job>();
  private pending: Job[] = [];
  private lastId = 0;
  private readonly run: JobRunner;

  constructor(run: JobRunner) {
    this.run = run;
  }

  submit(work: JobWork, environment: string, readyAt: number, forcedStatus?: number): Job {
    const job: Job = { id: String(++this.lastId), environment, work, readyAt };
    if (forcedStatus !== undefined) job.forcedStatus = forcedStatus;
    this.all.set(job.id, job);
    this.pending.push(job);
    return job;
  }

  settle(now: number): void {
    if (!this.pending.some((job) => job.readyAt <= now)) return;
    const due = this.pending.filter((job) => job.readyAt <= now);
    this.pending = this.pending.filter((job) => job.readyAt > now);
    // Stable sort: equal readiness keeps submission order.
    due.sort((a, b) => a.readyAt - b.readyAt);
    for (const job of due) job.result = this.run(job);
  }

  /** The result of a completed job; undefined while it runs or when the id is unknown. */
  result(id: string): JobResult | undefined {
    return this.all.get(id)?.result;
  }

  list(): JobInfo[] {
    return [...this.all.values()].map((job) => ({
      id: job.id,
      kind: job.work.kind,
      done: job.result !== undefined,
    }));
  }
}
