/** The engine run in this process, as a front door runs it, against a simulator: for tests that run it many times. */
import { expect } from 'vitest';
import { buildSettings } from '../src/core/build-settings.ts';
import { systemClock } from '../src/core/common/clock.ts';
import { nodeFiles } from '../src/core/settings/node-files.ts';
import { CleanupResult } from '../src/core/result/result.ts';
import { execute } from '../src/core/run.ts';
import { type Host } from '../src/core/seams.ts';
import { ACTION_WORDING } from '../src/core/settings/wording.ts';
import { writeText } from '../src/core/common/write-text.ts';

/**
 * Runs a cleanup with `inputs` (action input names) against `url`, relative paths from `dir`, the
 * log silent; checks that it ended without a fatal error and returns its result.
 */
export async function runInProcess(
  url: string,
  token: string,
  inputs: Record<string, string>,
  dir: string,
): Promise<CleanupResult> {
  const host: Host = { files: nodeFiles, places: { workspace: dir, reportDir: dir }, writeText };
  const raw: Record<string, string> = { 'api-token': token, 'base-url': url, ...inputs };
  const settings = await buildSettings((name) => raw[name] ?? '', host, ACTION_WORDING);
  const result = new CleanupResult();
  const log = { info: () => undefined, warning: () => undefined, debug: () => undefined };
  const seams = {
    log,
    clock: systemClock,
    cancelled: new AbortController().signal,
    tool: { name: 'test', version: '0' },
    wording: ACTION_WORDING,
  };
  const end = await execute(settings, result, seams, host);
  expect(end.error).toBeUndefined();
  return result;
}
