import { startSimulator, type Simulator } from '../simulator/index.ts';
import type { ClientName } from './clients.ts';
import { CLIENTS } from './clients.ts';
import { summarizeRequests, type RequestLogSummary } from './request-log.ts';

/** The CMA default budget (https://www.datocms.com/docs/content-management-api/technical-limits). */
export const RATE_LIMIT = { limit: 60, windowMs: 3000 } as const;
/** Most IDs per destroy request: the documented bulk limit the official tooling uses too. */
const IDS_PER_JOB = 200;
/** Uploads seeded besides the requested ones, which must survive the run. */
const DECOYS = 10;
const TOKEN = 'bench-token';

export interface DeletionCase {
  readonly uploads: number;
  readonly jobLatencyMs: number;
  readonly client: ClientName;
}

export interface DeletionResult extends DeletionCase {
  readonly ms: number;
  readonly log: RequestLogSummary;
  /** '' when the run exited 0 and deleted exactly the requested uploads; else what went wrong. */
  readonly wrong: string;
}

/** One submission and one poll per job. */
export function minimumRequests(uploads: number): number {
  return 2 * Math.ceil(uploads / IDS_PER_JOB);
}

/** No run can beat the job latency, nor send its minimum requests faster than the budget allows. */
export function floorMs(uploads: number, jobLatencyMs: number): number {
  return Math.max(jobLatencyMs, (minimumRequests(uploads) * RATE_LIMIT.windowMs) / RATE_LIMIT.limit);
}

/**
 * Numeric IDs, as older DatoCMS projects have: 10,000 of them fit in the 128 KiB a single
 * environment variable may hold on Linux, 10,000 22-character ones do not.
 */
export function numericIds(count: number, first = 100_000): string[] {
  return Array.from({ length: count }, (_, i) => String(first + i));
}

/** A fresh simulator at the rate limit: `uploads` numeric IDs to delete, and decoys that must survive. */
export async function libraryWithDecoys(
  spec: { readonly uploads: number; readonly jobLatencyMs: number },
  token: string,
): Promise<{ sim: Simulator; ids: string[]; decoys: string[] }> {
  const ids = numericIds(spec.uploads);
  const decoys = numericIds(DECOYS, 900_000);
  const sim = await startSimulator({
    token,
    uploads: [...ids, ...decoys].map((id) => ({ id })),
    jobLatencyMs: spec.jobLatencyMs,
    rateLimit: RATE_LIMIT,
  });
  return { sim, ids, decoys };
}

/** What is wrong with the deletions `sim` saw: not exactly `ids` deleted, once each, and no decoy. */
export function wrongDeletions(sim: Simulator, ids: readonly string[], decoys: readonly string[]): string[] {
  const deleted = sim.deletions.filter((d) => d.kind === 'upload' && d.environment === 'primary');
  const deletedIds = new Set(deleted.map((d) => d.uploadId));
  const problems: string[] = [];
  if (deleted.length !== ids.length) problems.push(`${deleted.length} deletions for ${ids.length} IDs`);
  const missed = ids.filter((id) => !deletedIds.has(id)).length;
  if (missed) problems.push(`${missed} requested uploads not deleted`);
  const extra = decoys.filter((id) => !sim.uploadExists(id)).length;
  if (extra) problems.push(`${extra} unrequested uploads deleted`);
  return problems;
}

/** Runs one client against a fresh simulator and checks what it deleted. */
export async function runDeletionCase(spec: DeletionCase): Promise<DeletionResult> {
  const { sim, ids, decoys } = await libraryWithDecoys(spec, TOKEN);
  try {
    const run = await CLIENTS[spec.client](sim.url, TOKEN, ids);
    const problems = run.code === 0 ? [] : [`exit code ${run.code}: ${run.tail}`];
    problems.push(...wrongDeletions(sim, ids, decoys));
    return { ...spec, ms: run.ms, log: summarizeRequests(sim.requests), wrong: problems.join('; ') };
  } finally {
    await sim.close();
  }
}
