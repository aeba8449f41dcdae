import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST } from '../scripts/run-action.ts';
import { baseEnv, timedNode } from './child-process.ts';
import { startGitHubSimulator } from '../simulator/github/index.ts';

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
  /**
   * Median wall time of the action with nothing to delete that comments on a pull request (the
   * GitHub simulator on loopback): `@actions/github` loaded, the token's identity, the comments
   * listed, one written. The first run creates the comment, the others update it.
   */
  readonly actionCommentMs: number;
}

export const COMMAND_DIST = new URL('../dist/cli/index.js', import.meta.url).pathname;

/**
 * Times the action's start and exit with nothing to delete against bare Node, alternating the two
 * so that machine noise hits both alike. One unmeasured run of each warms the file cache.
 */
export async function measureColdStart(runs = 15): Promise<ColdStart> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-cold-'));
  const github = await startGitHubSimulator();
  try {
    const outputFile = join(dir, 'output');
    writeFileSync(outputFile, '');
    const env = { ...baseEnv(), 'INPUT_API-TOKEN': 'bench-token', GITHUB_OUTPUT: outputFile };
    const commandEnv = { ...baseEnv(), DATOCMS_API_TOKEN: 'bench-token' };
    const commentEnv = {
      ...env,
      'INPUT_PR-NUMBER': '1',
      'INPUT_GITHUB-TOKEN': 'gh-test-token',
      GITHUB_REPOSITORY: 'octo-org/media-site',
      GITHUB_API_URL: github.url,
      GITHUB_GRAPHQL_URL: github.graphqlUrl,
    };
    const report = join(dir, 'report.json');
    const action: number[] = [];
    const bare: number[] = [];
    const version: number[] = [];
    const empty: number[] = [];
    const comment: number[] = [];
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
      const commentRun = await timedNode([DIST], commentEnv);
      if (commentRun.code !== 0 || github.comments(1).length !== 1) {
        throw new Error(`dist/index.js commenting exited ${commentRun.code}, ${github.comments(1).length} comment(s)`);
      }
      if (i === 0) continue;
      action.push(actionRun.ms);
      bare.push(bareRun.ms);
      version.push(versionRun.ms);
      empty.push(emptyRun.ms);
      comment.push(commentRun.ms);
    }
    return {
      runs,
      actionMs: median(action),
      bareMs: median(bare),
      commandVersionMs: median(version),
      commandEmptyMs: median(empty),
      actionCommentMs: median(comment),
    };
  } finally {
    await github.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
