import type { RecordedRequest } from '../simulator/index.ts';

/** What the simulator's request log says about one run, to tune the polling and pacing. */
export interface RequestLogSummary {
  readonly total: number;
  /** Batch or bulk destroy requests answered 202. */
  readonly jobs: number;
  readonly polls: number;
  /** Polls per job, as `min/median/max`. */
  readonly pollsPerJob: string;
  readonly rateLimited: number;
  /** Arrival of the first and last 429, in ms since the simulator started; '' when none. */
  readonly rateLimitedAt: string;
  /** Arrival of the last request, in ms since the simulator started. */
  readonly lastRequestAt: number;
}

const DESTROY = /^\/uploads\/(batch-destroy|bulk\/destroy)$/;
const POLL = /^\/job-results\/(.+)$/;

export function summarizeRequests(requests: readonly RecordedRequest[]): RequestLogSummary {
  const pollsByJob = new Map<string, number>();
  let jobs = 0;
  let polls = 0;
  const limitedAt: number[] = [];
  for (const request of requests) {
    if (request.status === 429) limitedAt.push(request.time);
    const poll = POLL.exec(request.path);
    if (poll) {
      polls++;
      const id = poll[1] ?? '';
      pollsByJob.set(id, (pollsByJob.get(id) ?? 0) + 1);
    } else if (DESTROY.test(request.path) && request.status === 202) {
      jobs++;
    }
  }
  const perJob = [...pollsByJob.values()].sort((a, b) => a - b);
  const first = limitedAt[0];
  return {
    total: requests.length,
    jobs,
    polls,
    pollsPerJob: perJob.length ? `${perJob[0]}/${perJob[Math.floor(perJob.length / 2)]}/${perJob.at(-1)}` : '-',
    rateLimited: limitedAt.length,
    rateLimitedAt: first === undefined ? '' : `${Math.round(first)}-${Math.round(limitedAt.at(-1) ?? first)} ms`,
    lastRequestAt: Math.round(requests.at(-1)?.time ?? 0),
  };
}
