/** Shared by the end-to-end tests: one simulator per test, and a run of the bundle that checks for token leaks. */
import { expect } from 'vitest';
import { runAction, type ActionRun, type RunOptions } from '../scripts/run-action.ts';
import { startSimulator, uploadId, type Simulator, type SimulatorOptions } from '../simulator/index.ts';

export const TOKEN = 'sim-token-Secret-7f3a9c';
let current: Simulator | undefined;

/** Starts the test's simulator (closed by `closeSimulator`), accepting TOKEN, with quick jobs. */
export async function simulator(options: SimulatorOptions = {}): Promise<Simulator> {
  current = await startSimulator({ token: TOKEN, jobLatencyMs: 20, ...options });
  return current;
}

export async function closeSimulator(): Promise<void> {
  await current?.close();
  current = undefined;
}

/** Runs the action against `target` and checks that the token leaked nowhere. */
export async function act(target: Simulator, inputs: Record<string, string>, options?: RunOptions): Promise<ActionRun> {
  const run = await runAction({ 'api-token': TOKEN, 'base-url': target.url, ...inputs }, options);
  expectNoTokenLeak(run);
  return run;
}

/** The token appears nowhere but in the `::add-mask::` line. */
export function expectNoTokenLeak(run: ActionRun, token = TOKEN): void {
  const stdout = run.stdout.split('\n').filter((line) => line !== `::add-mask::${token}`);
  expect(stdout.join('\n')).not.toContain(token);
  expect(run.stderr).not.toContain(token);
  expect(JSON.stringify(run.outputs)).not.toContain(token);
  expect(run.summary ?? '').not.toContain(token);
}

export const ids = (from: number, to: number): string[] =>
  Array.from({ length: to - from }, (_, i) => uploadId(from + i));

export const deletedUploads = (target: Simulator): string[] =>
  target.deletions.filter((d) => d.kind === 'upload').map((d) => d.uploadId);

export const errorLine = (run: ActionRun): string =>
  run.stdout.split('\n').find((line) => line.startsWith('::error::')) ?? '';
