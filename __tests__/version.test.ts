import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { ACTION_VERSION } from '../src/version.ts';

it('sends the version of package.json in the User-Agent', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  expect(ACTION_VERSION).toBe(pkg.version);
});

it('runs the tests on Node 24, as action.yml runs the action (runs.using: node24)', () => {
  expect(process.versions.node.split('.')[0]).toBe('24');
});
