/**
 * Selecting from a large library: a dry run with `scope: library` and `only-unused`, so that the
 * time is the listing's, read page by page against the rate limit, with each page taking as
 * long as the API takes to answer a page of 500 uploads.
 */
import { runAction } from '../scripts/run-action.ts';
import { startSimulator, uploadId } from '../simulator/index.ts';
import { RATE_LIMIT } from './deletion-case.ts';
import { summarizeRequests, type RequestLogSummary } from './request-log.ts';

const TOKEN = 'bench-token';
const PAGE = 500;
/** One upload in this many is used by a record, so that only-unused leaves some out. */
const IN_USE_EVERY = 100;

export interface SelectionCase {
  readonly uploads: number;
  /** How long the simulator takes to answer each listing page. */
  readonly pageLatencyMs: number;
}

export interface SelectionResult extends SelectionCase {
  readonly ms: number;
  /** Listing pages the run asked for. */
  readonly pages: number;
  readonly log: RequestLogSummary;
  /** '' when the run exited 0 and selected exactly the unused uploads; else what went wrong. */
  readonly wrong: string;
}

/** The pages a listing of `matching` uploads needs. */
export function minimumPages(matching: number): number {
  return Math.max(1, Math.ceil(matching / PAGE));
}

/** No listing beats one page's latency, nor asks for its pages faster than the budget allows. */
export function selectionFloorMs(spec: SelectionCase): number {
  const pages = minimumPages(unusedCount(spec.uploads));
  return Math.max(spec.pageLatencyMs, (pages * RATE_LIMIT.windowMs) / RATE_LIMIT.limit);
}

export function unusedCount(uploads: number): number {
  return uploads - Math.ceil(uploads / IN_USE_EVERY);
}

export async function runSelectionCase(spec: SelectionCase): Promise<SelectionResult> {
  const seeds = Array.from({ length: spec.uploads }, (_, i) => ({ id: uploadId(i), inUse: i % IN_USE_EVERY === 0 }));
  const sim = await startSimulator({ token: TOKEN, uploads: seeds, rateLimit: RATE_LIMIT });
  sim.inject({ match: { method: 'GET', path: '/uploads' }, delayMs: spec.pageLatencyMs, times: 10_000 });
  try {
    let started = 0;
    const run = await runAction(
      {
        'api-token': TOKEN,
        'base-url': sim.url,
        scope: 'library',
        'only-unused': 'true',
        'dry-run': 'true',
        'max-deletions': String(spec.uploads),
      },
      { onStart: () => (started = performance.now()) },
    );
    const ms = performance.now() - started;
    const problems: string[] = [];
    if (run.code !== 0) problems.push(`exit code ${run.code}`);
    if (run.outputs.selected !== String(unusedCount(spec.uploads))) {
      problems.push(`selected ${run.outputs.selected ?? 'nothing'}, expected ${unusedCount(spec.uploads)}`);
    }
    if (sim.deletions.length > 0) problems.push(`${sim.deletions.length} deletions in a dry run`);
    const pages = sim.requests.filter((r) => r.method === 'GET' && r.path === '/uploads').length;
    return { ...spec, ms, pages, log: summarizeRequests(sim.requests), wrong: problems.join('; ') };
  } finally {
    await sim.close();
  }
}
