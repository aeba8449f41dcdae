/** Shared by the pull-request comment's end-to-end tests: the runner's GitHub variables, and runs that check both tokens. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { act, expectNoTokenLeak, TOKEN } from './e2e.ts';
import type { ActionRun } from '../scripts/run-action.ts';
import type { Simulator } from '../simulator/index.ts';

export const GH_TOKEN = 'gh-test-token';
export const BOT = 'github-actions[bot]';
export const PR = 7;
export const SHA = 'c0ffee'.padEnd(40, '0');

/** The runner's GitHub variables for `event` (its file written when `payload` is given). */
export function runnerEnv(
  api: { url: string; graphqlUrl: string },
  event: string,
  payload?: unknown,
): Record<string, string> {
  const env: Record<string, string> = {
    GITHUB_EVENT_NAME: event,
    GITHUB_REPOSITORY: 'octo-org/media-site',
    GITHUB_SHA: SHA,
    GITHUB_API_URL: api.url,
    GITHUB_GRAPHQL_URL: api.graphqlUrl,
  };
  if (payload !== undefined) {
    env.GITHUB_EVENT_PATH = join(mkdtempSync(join(tmpdir(), 'event-')), 'event.json');
    writeFileSync(env.GITHUB_EVENT_PATH, JSON.stringify(payload));
  }
  return env;
}

/** Runs the action with the GitHub token, and checks that neither token went anywhere it must not. */
export async function runWithGitHub(
  target: Simulator,
  inputs: Record<string, string>,
  env: Record<string, string>,
  github?: { requests: readonly unknown[] },
): Promise<ActionRun> {
  const done = await act(target, { 'github-token': GH_TOKEN, ...inputs }, { env });
  expectNoTokenLeak(done, GH_TOKEN);
  expect(done.reportText ?? '').not.toContain(GH_TOKEN);
  expect(JSON.stringify(target.requests), 'the GitHub token sent to DatoCMS').not.toContain(GH_TOKEN);
  expect(JSON.stringify(github?.requests ?? []), 'the DatoCMS token sent to GitHub').not.toContain(TOKEN);
  return done;
}
