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
  /** Median wall time of `node dist/cli/index.js --version`, in ms. */
  readonly commandVersionMs: number;
  /** Median wall time of the command with nothing to delete (it writes its report), in ms. */
  readonly commandEmptyMs: number;
}

export const COMMAND_DIST = new URL('../dist/cli/index.js', import.meta.url).pathname;

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
    const commandEnv = { ...baseEnv(), DATOCMS_API_TOKEN: 'bench-token' };
    const report = join(dir, 'report.json');
    const action: number[] = [];
    const bare: number[] = [];
    const version: number[] = [];
    const empty: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const actionRun = await timedNode([DIST], env);
      if (actionRun.code !== 0) throw new Error(`dist/index.js with nothing to delete exited ${actionRun.code}`);
      const bareRun = await timedNode(['-e', '0'], baseEnv());
      const versionRun = await timedNode([COMMAND_DIST, '--version'], commandEnv);
      const emptyRun = await timedNode([COMMAND_DIST, '--report-file', report], commandEnv);
      if (versionRun.code !== 0 || emptyRun.code !== 0) {
        throw new Error(
          `dist/cli/index.js exited ${versionRun.code} (--version), ${emptyRun.code} (nothing to delete)`,
        );
      }
      if (i === 0) continue;
      action.push(actionRun.ms);
      bare.push(bareRun.ms);
      version.push(versionRun.ms);
      empty.push(emptyRun.ms);
    }
    return {
      runs,
      actionMs: median(action),
      bareMs: median(bare),
      commandVersionMs: median(version),
      commandEmptyMs: median(empty),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
