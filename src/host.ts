import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import type { Files, Places } from './list-file.ts';
import { nodeFiles } from './node-files.ts';

/** The files around a run: the list files it reads, where it stands, and the report it writes. */
export interface Host {
  readonly files: Files;
  readonly places: Places;
  /** Writes `chunks` to `path` (its folder made if need be), whole or not at all. */
  writeText(path: string, chunks: Iterable<string>): void;
}

/** On a GitHub runner: GITHUB_WORKSPACE and RUNNER_TEMP, else the current and temporary folders. */
export function runnerHost(env: NodeJS.ProcessEnv = process.env): Host {
  return {
    files: nodeFiles,
    places: {
      workspace: env.GITHUB_WORKSPACE || process.cwd(),
      temp: env.RUNNER_TEMP || tmpdir(),
      reserved: [env.GITHUB_OUTPUT, env.GITHUB_STEP_SUMMARY, env.GITHUB_ENV, env.GITHUB_PATH, env.GITHUB_STATE].filter(
        (path): path is string => path !== undefined && path !== '',
      ),
    },
    writeText,
  };
}

/** Written beside the target, then renamed over it: a reader never sees half a report. */
function writeText(path: string, chunks: Iterable<string>): void {
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.partial`;
  const fd = openSync(partial, 'w');
  try {
    for (const chunk of chunks) writeSync(fd, chunk);
  } catch (error) {
    closeSync(fd);
    rmSync(partial, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(partial, path);
}
