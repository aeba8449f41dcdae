/**
 * The two contenders. Each runs in its own process, as it would in CI, against the simulator
 * running in this process; the wall time includes Node's start and the module loading.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction } from '../scripts/run-action.ts';
import { baseEnv, timedNode } from './child-process.ts';

export type ClientName = 'action' | 'action-verify' | 'official';

export interface ClientRun {
  readonly ms: number;
  readonly code: number | null;
  /** The end of the child's output, to explain a failed run. */
  readonly tail: string;
}

export type Client = (url: string, token: string, ids: readonly string[]) => Promise<ClientRun>;

const OFFICIAL_SCRIPT = new URL('official-client.ts', import.meta.url).pathname;

/** `node dist/index.js` as the runner runs it: the IDs in INPUT_UPLOAD-IDS, one a line. */
const action: Client = async (url, token, ids) => {
  let started = 0;
  const inputs = { ...actionInputs(url, token, ids), 'upload-ids': ids.join('\n') };
  const run = await runAction(inputs, { onStart: () => (started = performance.now()) });
  return { ms: performance.now() - started, code: run.code, tail: tail(run.stdout + run.stderr) };
};

/** The same, with `verify: 'true'`: one more lookup per chunk. */
const actionVerify: Client = async (url, token, ids) => {
  let started = 0;
  const inputs = { ...actionInputs(url, token, ids), 'upload-ids': ids.join('\n'), verify: 'true' };
  const run = await runAction(inputs, { onStart: () => (started = performance.now()) });
  return { ms: performance.now() - started, code: run.code, tail: tail(run.stdout + run.stderr) };
};

/** bench/official-client.ts: `@datocms/cma-client-node`, one bulk destroy of 200 at a time. */
const official: Client = async (url, token, ids) => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-official-'));
  try {
    const idsFile = join(dir, 'ids.txt');
    writeFileSync(idsFile, ids.join('\n'));
    const run = await timedNode([OFFICIAL_SCRIPT, url, token, idsFile], baseEnv());
    return { ms: run.ms, code: run.code, tail: tail(run.stdout + run.stderr) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/**
 * The action's inputs besides upload-ids. `max-deletions` (default 1000) guards against deleting
 * more than intended: a benchmark means every ID it passes.
 */
export function actionInputs(url: string, token: string, ids: readonly string[]): Record<string, string> {
  return { 'api-token': token, 'base-url': url, 'max-deletions': String(Math.max(1, ids.length)) };
}

export const CLIENTS: Record<ClientName, Client> = { action, 'action-verify': actionVerify, official };

function tail(text: string): string {
  return text.trim().split('\n').slice(-2).join('\n').slice(-400);
}
