import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST } from '../scripts/run-action.ts';
import { baseEnv, timedNode } from './child-process.ts';

export interface ColdStart {
  readonly runs: number;
  /** Median wall time of `node dist/index.js` with nothing to delete, in ms. */
  readonly actionMs: number;
  /** Median wall time of `node -e 0`, same binary, in ms. */
  readonly bareMs: number;
}

/**
 * Times the action's start and exit with nothing to delete against bare Node, alternating the two
 * so that machine noise hits both alike. One unmeasured run of each warms the file cache.
 */
export async function measureColdStart(runs = 15): Promise<ColdStart> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-cold-'));
  try {
    const outputFile = join(dir, 'output');
    writeFileSync(outputFile, '');
    const env = { ...baseEnv(), 'INPUT_API-TOKEN': 'bench-token', GITHUB_OUTPUT: outputFile };
    const action: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const actionRun = await timedNode([DIST], env);
      if (actionRun.code !== 0) throw new Error(`dist/index.js with nothing to delete exited ${actionRun.code}`);
      const bareRun = await timedNode(['-e', '0'], baseEnv());
      if (i === 0) continue;
      action.push(actionRun.ms);
      bare.push(bareRun.ms);
    }
    return { runs, actionMs: median(action), bareMs: median(bare) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
