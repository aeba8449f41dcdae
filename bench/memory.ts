import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../simulator/index.ts';
import { baseEnv, timedNode } from './child-process.ts';
import { actionInputs } from './clients.ts';
import { numericIds } from './deletion-case.ts';
import { summarizeRequests, type RequestLogSummary } from './request-log.ts';

export interface PeakMemory {
  readonly uploads: number;
  /** Max RSS of the process running dist/index.js (through the loader), in MiB. */
  readonly actionMiB: number;
  /** Max RSS of `node -e 0`, for scale. */
  readonly bareMiB: number;
  readonly ms: number;
  readonly log: RequestLogSummary;
  /** '' when the run exited 0 and deleted every upload. */
  readonly wrong: string;
}

const LOADER = new URL('memory-loader.ts', import.meta.url).pathname;
const TOKEN = 'bench-token';
/** What memory-loader.ts prints on exit. */
const MAX_RSS = /^maxRSS=(\d+)$/m;

/** Peak memory of the action given `uploads` IDs, against an unlimited simulator. */
export async function measurePeakMemory(uploads = 100_000): Promise<PeakMemory> {
  const ids = numericIds(uploads);
  const sim = await startSimulator({
    token: TOKEN,
    uploads: ids.map((id) => ({ id })),
    jobLatencyMs: 500,
    rateLimit: false,
  });
  const dir = mkdtempSync(join(tmpdir(), 'bench-memory-'));
  try {
    const inputsFile = join(dir, 'inputs.json');
    const outputFile = join(dir, 'output');
    writeFileSync(outputFile, '');
    const inputs = { ...actionInputs(sim.url, TOKEN, ids), 'upload-ids': ids.join('\n') };
    writeFileSync(inputsFile, JSON.stringify(inputs));
    const run = await timedNode([LOADER, inputsFile], { ...baseEnv(), GITHUB_OUTPUT: outputFile });
    const bare = await timedNode(['-e', 'console.log(`maxRSS=${process.resourceUsage().maxRSS}`)'], baseEnv());
    const deleted = sim.deletions.length;
    const problems: string[] = [];
    if (run.code !== 0) problems.push(`exit code ${run.code}`);
    if (deleted !== uploads) problems.push(`${deleted} deletions for ${uploads} IDs`);
    return {
      uploads,
      actionMiB: maxRssMiB(run.stdout),
      bareMiB: maxRssMiB(bare.stdout),
      ms: run.ms,
      log: summarizeRequests(sim.requests),
      wrong: problems.join('; '),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await sim.close();
  }
}

function maxRssMiB(stdout: string): number {
  const match = MAX_RSS.exec(stdout);
  if (!match) throw new Error(`no maxRSS line in: ${stdout.slice(-300)}`);
  return Number(match[1]) / 1024;
}
