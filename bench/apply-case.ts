/**
 * Applying a plan: a dry run by IDs makes the plan of 10,000 uploads (not timed), then the
 * action applies it with `plan-file` and `plan-sha256`. Its work at the rate limit is one re-check
 * listing per 200 planned uploads (`filter[ids]`), then one submission and one poll per job.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction } from '../scripts/run-action.ts';
import { libraryWithDecoys, RATE_LIMIT, wrongDeletions } from './deletion-case.ts';
import { summarizeRequests, type RequestLogSummary } from './request-log.ts';

const TOKEN = 'bench-token';
const IDS_PER_REQUEST = 200;

export interface ApplyCase {
  readonly uploads: number;
  readonly jobLatencyMs: number;
}

export interface ApplyResult extends ApplyCase {
  /** The apply alone, from its process's start to its exit. */
  readonly ms: number;
  readonly log: RequestLogSummary;
  /** '' when the apply exited 0 and deleted exactly the planned uploads; else what went wrong. */
  readonly wrong: string;
}

/** One re-check listing, one submission and one poll per 200 uploads. */
export function applyMinimumRequests(uploads: number): number {
  return 3 * Math.ceil(uploads / IDS_PER_REQUEST);
}

/** No apply beats the job latency, nor sends its minimum requests faster than the budget allows. */
export function applyFloorMs(spec: ApplyCase): number {
  return Math.max(spec.jobLatencyMs, (applyMinimumRequests(spec.uploads) * RATE_LIMIT.windowMs) / RATE_LIMIT.limit);
}

export async function runApplyCase(spec: ApplyCase): Promise<ApplyResult> {
  const { sim, ids, decoys } = await libraryWithDecoys(spec, TOKEN);
  const dir = mkdtempSync(join(tmpdir(), 'bench-apply-'));
  try {
    const plan = join(dir, 'plan.json');
    writeFileSync(join(dir, 'ids.txt'), ids.join('\n'));
    const base = { 'api-token': TOKEN, 'base-url': sim.url, 'max-deletions': String(spec.uploads) };
    const planning = await runAction({
      ...base,
      'upload-ids-file': join(dir, 'ids.txt'),
      'dry-run': 'true',
      'report-file': plan,
    });
    if (planning.code !== 0) return { ...spec, ms: 0, log: summarizeRequests([]), wrong: 'the dry run failed' };
    // A fresh rate-limit window for the apply, as a later job would have.
    await new Promise((resolve) => setTimeout(resolve, RATE_LIMIT.windowMs));
    const before = sim.requests.length;
    let started = 0;
    const run = await runAction(
      { ...base, 'plan-file': plan, 'plan-sha256': planning.outputs['report-sha256'] ?? '' },
      { onStart: () => (started = performance.now()) },
    );
    const ms = performance.now() - started;
    const problems = run.code === 0 ? [] : [`exit code ${run.code}`];
    problems.push(...wrongDeletions(sim, ids, decoys));
    return { ...spec, ms, log: summarizeRequests(sim.requests.slice(before)), wrong: problems.join('; ') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await sim.close();
  }
}
