/**
 * What `confirm-unused` costs: 1,000 unused uploads (and 10 in use, which must survive) deleted
 * with `scope: library` and `only-unused`, with and without it, each in a fresh simulator at the
 * default budget. With it, the run reads one `GET /uploads/:id/references` per upload before
 * deleting, through the same rate limiter as every request: about 1,000 / 20 per s = 50 s more.
 */
import { runAction } from '../scripts/run-action.ts';
import { startSimulator, uploadId } from '../simulator/index.ts';
import { RATE_LIMIT } from './deletion-case.ts';
import { summarizeRequests, type RequestLogSummary } from './request-log.ts';

const TOKEN = 'bench-token';
/** Uploads in use besides the unused ones: the listing leaves them out, and they must survive. */
export const IN_USE = 10;

export interface ConfirmCase {
  readonly uploads: number;
  readonly confirm: boolean;
}

export interface ConfirmResult extends ConfirmCase {
  /** From the action's start to its exit. */
  readonly ms: number;
  readonly log: RequestLogSummary;
  /** `GET /uploads/:id/references` requests. */
  readonly references: number;
  /** '' when the run exited 0 and deleted exactly the unused uploads; else what went wrong. */
  readonly wrong: string;
}

export const CONFIRM_CASES: readonly ConfirmCase[] = [
  { uploads: 1000, confirm: false },
  { uploads: 1000, confirm: true },
];

export async function runConfirmCase(spec: ConfirmCase): Promise<ConfirmResult> {
  const seeds = Array.from({ length: spec.uploads + IN_USE }, (_, i) => ({
    id: uploadId(i),
    inUse: i >= spec.uploads,
  }));
  const sim = await startSimulator({ token: TOKEN, uploads: seeds, rateLimit: RATE_LIMIT });
  try {
    let started = 0;
    const run = await runAction(
      {
        'api-token': TOKEN,
        'base-url': sim.url,
        scope: 'library',
        'only-unused': 'true',
        'confirm-unused': String(spec.confirm),
        'max-deletions': String(spec.uploads),
      },
      { onStart: () => (started = performance.now()) },
    );
    const ms = performance.now() - started;
    const problems = run.code === 0 ? [] : [`exit code ${run.code}`];
    const deleted = new Set(sim.deletions.map((deletion) => deletion.uploadId));
    if (deleted.size !== spec.uploads) problems.push(`${deleted.size} deleted, expected ${spec.uploads}`);
    if (seeds.some((seed) => seed.inUse && deleted.has(seed.id))) problems.push('an upload in use was deleted');
    const references = sim.requests.filter((request) => request.path.endsWith('/references')).length;
    return { ...spec, ms, log: summarizeRequests(sim.requests), references, wrong: problems.join('; ') };
  } finally {
    await sim.close();
  }
}
