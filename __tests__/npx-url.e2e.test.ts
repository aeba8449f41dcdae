/**
 * End-to-end: the install-free form that works before the package is on npm. The release attaches
 * `npm pack`'s tarball to the GitHub release; `npx --yes <its download URL>` fetches and runs it.
 * Here the tarball is served from loopback, npm's cache is a new folder, and the registry is the
 * same server, which records every request: none may reach it (the package has no dependencies).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { packCommand, runCommand, type CommandRun } from '../__fixtures__/command.ts';
import { closeSimulator, ids, simulator, TOKEN, validReport } from '../__fixtures__/e2e.ts';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
  dependencies?: Record<string, string>;
};

let dir = '';
let server: Server | undefined;
let base = '';
let tarballUrl = '';
/** Every request path the server was asked for. */
const requested: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'npx-url-'));
  const pack = packCommand(dir);
  const tarball = readFileSync(join(dir, pack.filename));
  server = createServer((request, response) => {
    requested.push(request.url ?? '');
    if (request.url !== `/${pack.filename}`) return response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': tarball.length });
    response.end(tarball);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  tarballUrl = `${base}/${pack.filename}`;
  writeFileSync(join(dir, 'npmrc'), '');
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});
afterEach(closeSimulator);

/** `npx --yes <tarball URL> ...args` with a new cache, no user npmrc, and the server as registry. */
function npx(args: readonly string[], env: Record<string, string> = {}): Promise<CommandRun> {
  return runCommand('npx', ['--yes', tarballUrl, ...args], {
    env: {
      npm_config_cache: mkdtempSync(join(dir, 'cache-')),
      npm_config_userconfig: join(dir, 'npmrc'),
      npm_config_registry: `${base}/registry/`,
      npm_config_update_notifier: 'false',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      ...env,
    },
  });
}

describe('npx --yes <release asset URL>', () => {
  it('is named as the release workflow attaches it, and needs nothing from a registry', () => {
    expect(tarballUrl.endsWith(`/datocms-media-cleanup-${pkg.version}.tgz`)).toBe(true);
    expect(pkg.dependencies ?? {}).toEqual({});
  });

  it("prints package.json's version, having fetched the tarball and asked the registry nothing", async () => {
    const run = await npx(['--version']);
    expect(run).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    expect(requested.length).toBeGreaterThan(0);
    expect(requested.filter((path) => !tarballUrl.endsWith(path))).toEqual([]);
  });

  it('runs a dry run against the simulator', async () => {
    const target = await simulator({ uploads: 5 });
    const run = await npx(['--base-url', target.url, '--upload-ids', ids(0, 3).join(','), '--dry-run'], {
      DATOCMS_API_TOKEN: TOKEN,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Dry run: 3 upload\(s\) and track\(s\) selected, nothing deleted\.$/m);
    expect(validReport(run.reportText)).toMatchObject({ outcome: 'dry-run', tool: { version: pkg.version } });
    expect(target.deletions).toEqual([]);
    expect(requested.filter((path) => !tarballUrl.endsWith(path))).toEqual([]);
  });
});
