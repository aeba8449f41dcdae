/**
 * End-to-end: what a backup folder holds: a failed download leaves nothing behind. The action's
 * bundle and the packed command, against the simulator.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installPackedCommand, olderNode, runCommand, type Installed } from '../__fixtures__/command.ts';
import {
  act,
  closeSimulator,
  deletedUploads,
  simulator,
  TOKEN,
  validManifest,
  type BackupManifestDocument,
} from '../__fixtures__/e2e.ts';
import { uid } from '../__fixtures__/ids.ts';
import type { SeedUpload, Simulator } from '../simulator/index.ts';

afterEach(closeSimulator);

const newDir = () => join(mkdtempSync(join(tmpdir(), 'backup-files-')), 'media-backup');
const OLD = { scope: 'library', filter: '{"tags":{"contains":"old"}}' };

/** Every path under `dir`, relative, sorted: what a user sees in the folder. */
function listed(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

/** What a backup folder must hold: the manifest, files/, and exactly the files the manifest names. */
function expectOnlyNamedFiles(dir: string, manifest: BackupManifestDocument): void {
  const named = manifest.uploads.map((upload) => upload.file);
  expect(listed(dir)).toEqual(['files', ...named, 'manifest.json'].sort());
}

/** Uploads whose download fails every time, in each way a hostile asset host can: none is saved. */
const FAILING: readonly SeedUpload[] = [
  { id: uid('bigger'), content: 'eleven byte', tags: ['old'], listedAttributes: { size: 3 } },
  { id: uid('endless'), size: 5000, tags: ['old'] },
  { id: uid('refused'), tags: ['old'] },
  { id: uid('truncated'), size: 200_000, tags: ['old'] },
  { id: uid('wrongbytes'), size: 3000, tags: ['old'] },
];

function injectFailures(target: Simulator): void {
  target.injectAsset({ match: { uploadId: uid('bigger') }, kind: 'no-length', times: 3 });
  target.injectAsset({ match: { uploadId: uid('endless') }, kind: 'endless', times: 3 });
  target.injectAsset({ match: { uploadId: uid('refused') }, kind: 'status', status: 403, times: 3 });
  target.injectAsset({ match: { uploadId: uid('truncated') }, kind: 'truncate', times: 3 });
  target.injectAsset({ match: { uploadId: uid('wrongbytes') }, kind: 'wrong-bytes', times: 3 });
}

describe('the files of a backup', () => {
  it('hold only what the manifest names when downloads fail: larger than listed, endless, refused, cut, changed', async () => {
    const target = await simulator({ uploads: [{ id: uid('good'), tags: ['old'] }, ...FAILING, { id: uid('keep') }] });
    injectFailures(target);
    const dir = newDir();
    const run = await act(target, { ...OLD, 'backup-dir': dir });
    expect(run.code).toBe(0);
    expect(deletedUploads(target)).toEqual([uid('good')]);
    const manifest = validManifest(dir);
    expect(manifest.notSaved.map((item) => item.id).sort()).toEqual(FAILING.map((seed) => seed.id).sort());
    expect(manifest.uploads.map((upload) => upload.id)).toEqual([uid('good')]);
    expectOnlyNamedFiles(dir, manifest);
  });
});

describe('the files of a backup, with the command', () => {
  let installed: Installed;
  beforeAll(() => {
    installed = installPackedCommand();
  }, 120_000);
  afterAll(() => installed.remove());

  // Node 20 ends a failed stream before it says it opened its file: the floor matters most here.
  const nodes: { name: string; node: string | undefined }[] = [{ name: 'the Node on PATH', node: undefined }];
  const older = olderNode();
  if (older !== undefined) nodes.push({ name: `the oldest Node it supports (${older})`, node: older });

  it.each(nodes)(
    'hold only what the manifest names when downloads fail, on $name',
    async ({ node }) => {
      const target = await simulator({
        uploads: [{ id: uid('good'), tags: ['old'] }, ...FAILING, { id: uid('keep') }],
      });
      injectFailures(target);
      const dir = newDir();
      const args = ['--base-url', target.url, '--scope', 'library', '--filter', OLD.filter, '--backup-dir', dir];
      const run = await runCommand(installed.bin, args, { env: { DATOCMS_API_TOKEN: TOKEN }, node });
      expect(run.code, run.stderr).toBe(0);
      expect(deletedUploads(target)).toEqual([uid('good')]);
      const manifest = validManifest(dir);
      expect(manifest.uploads.map((upload) => upload.id)).toEqual([uid('good')]);
      expectOnlyNamedFiles(dir, manifest);
    },
    60_000,
  );
});
