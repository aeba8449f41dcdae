import { tmpdir } from 'node:os';
import type { Host } from '../core/seams.ts';
import { nodeFiles } from '../core/settings/node-files.ts';
import { writeText } from '../core/common/write-text.ts';

/** On a GitHub runner: GITHUB_WORKSPACE and RUNNER_TEMP, else the current and temporary folders. */
export function runnerHost(env: NodeJS.ProcessEnv = process.env): Host {
  return {
    files: nodeFiles,
    places: {
      workspace: env.GITHUB_WORKSPACE || process.cwd(),
      reportDir: env.RUNNER_TEMP || tmpdir(),
      reserved: [
        env.GITHUB_OUTPUT,
        env.GITHUB_STEP_SUMMARY,
        env.GITHUB_ENV,
        env.GITHUB_PATH,
        env.GITHUB_STATE,
        env.GITHUB_EVENT_PATH,
      ].filter((path): path is string => path !== undefined && path !== ''),
    },
    writeText,
  };
}
