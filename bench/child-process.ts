import { spawn } from 'node:child_process';

export interface TimedRun {
  readonly code: number | null;
  /** Wall time from spawn to exit, in ms. */
  readonly ms: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A child must not outlive the benchmark: past this it is killed and the run counts as failed. */
const CHILD_TIMEOUT_MS = 10 * 60_000;

/** Runs `process.execPath ...args` with exactly `env` (nothing inherited) and times it from spawn to exit. */
export async function timedNode(args: readonly string[], env: Record<string, string>): Promise<TimedRun> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: CHILD_TIMEOUT_MS });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  return { code, ms: performance.now() - started, stdout, stderr };
}

/** The environment every child gets: only what Node needs to start. */
export function baseEnv(): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
}
