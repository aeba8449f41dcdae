/**
 * `npm run local-action`: @github/local-action runs src/action/main.ts as the runner would, with
 * the inputs of an env file, the way the typescript-action template works on a laptop.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, expect, it } from 'vitest';
import { closeSimulator, ids, simulator, TOKEN } from '../__fixtures__/e2e.ts';

afterEach(closeSimulator);

it('runs the action from its sources against the simulator', async () => {
  const target = await simulator({ uploads: 3 });
  const env = join(mkdtempSync(join(tmpdir(), 'local-action-')), '.env');
  writeFileSync(
    env,
    [`INPUT_API-TOKEN=${TOKEN}`, `INPUT_BASE-URL=${target.url}`, `INPUT_UPLOAD-IDS=${ids(0, 2).join(',')}`, ''].join(
      '\n',
    ),
  );
  const root = new URL('..', import.meta.url).pathname;
  const { stdout } = await promisify(execFile)('npx', ['local-action', 'run', '.', 'src/action/main.ts', env], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    timeout: 60_000,
  });
  expect(stdout).toMatch(/│ \d+ +│ 'successful' +│ '2' +│/);
  expect(stdout).toMatch(/│ \d+ +│ 'selected' +│ '2' +│/);
  expect(target.uploadExists(ids(0, 1)[0] ?? '')).toBe(false);
  expect(target.uploadExists(ids(2, 3)[0] ?? '')).toBe(true);
}, 60_000);
