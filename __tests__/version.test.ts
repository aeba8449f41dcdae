import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { COMMAND, VERSION } from '../src/core/common/version.ts';

it('names the package and its version as package.json does (the report and the User-Agent carry them)', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    name: string;
    version: string;
  };
  expect(VERSION).toBe(pkg.version);
  expect(COMMAND.name).toBe(pkg.name);
});

it('runs the tests on Node 24, as action.yml runs the action (runs.using: node24)', () => {
  expect(process.versions.node.split('.')[0]).toBe('24');
});
