import type { UploadContent } from '../common/content.ts';
import type { CreateParams } from './create-params.ts';
import type { JobInfo } from './types.ts';

/** What a job does when it completes. */
export type JobWork =
  | { kind: 'batch' | 'bulk'; ids: string[] }
  | { kind: 'track'; uploadId: string; trackId: string }
  /** `POST /uploads`: the file as stored when the request came, and what the new upload gets. */
  | { kind: 'create'; filename: string; content: UploadContent; params: CreateParams };

export interface JobResult {
  status: number;
  payload: unknown;
}

export interface Job {
  id: string;
  environment: string;
  work: JobWork;
  readyAt: number;
  /** From a `jobStatus` fault (or a refusal played as a job): complete with this status, do nothing. */
  forcedStatus?: number;
  /** The error code of a forced failure. Default `INTERNAL_SERVER_ERROR`. */
  forcedCode?: string;
  /** From a `jobPayload` fault: do the work, report this payload. */
  forcedPayload?: unknown;
  /** From a `jobLies` fault: report success, do nothing. */
  lies?: boolean;
  result?: JobResult;
}

export type JobRunner = (job: Job) => JobResult;

/** What a fault makes a job do instead of its work. */
export interface JobForcing {
  readonly status?: number | undefined;
  readonly code?: string | undefined;
  readonly payload?: unknown;
  readonly lies?: boolean | undefined;
}

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

  submit(work: JobWork, environment: string, readyAt: number, forced: JobForcing = {}): Job {
    const job: Job = { id: String(++this.lastId), environment, work, readyAt };
    if (forced.status !== undefined) job.forcedStatus = forced.status;
    if (forced.code !== undefined) job.forcedCode = forced.code;
    if (forced.payload !== undefined) job.forcedPayload = forced.payload;
    if (forced.lies === true) job.lies = true;
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
