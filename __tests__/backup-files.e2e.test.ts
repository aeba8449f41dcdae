/**
 * End-to-end: what a backup folder holds. Its files are named by upload ID and a safe extension,
 * so that a filename holding the API token cannot split the disk from the manifest; a failed
 * download leaves nothing behind; a backup of the previous version (schema 1, files named by
 * their filename) still restores. The action's bundle and the packed command, against the simulator.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packedCommand, olderNode, runCommand } from '../__fixtures__/command.ts';
import {
  act,
  closeSimulator,
  deletedUploads,
  reportOf,
  simulator,
  TOKEN,
  validManifest,
  validRestoreReport,
  type BackupManifestDocument,
} from '../__fixtures__/e2e.ts';
import { uid } from '../__fixtures__/ids.ts';
import type { SeedUpload, Simulator } from '../simulator/index.ts';

afterEach(closeSimulator);

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');
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
  const SEEDS: SeedUpload[] = [
    {
      id: uid('secret'),
      filename: `photo-${TOKEN}.jpg`,
      content: 'the photo bytes '.repeat(50),
      notes: `uploaded with ${TOKEN}`,
      tags: ['old'],
    },
    { id: uid('camera'), filename: 'IMG_0001.JPG', tags: ['old'] },
    { id: uid('readme'), filename: 'README', content: 'read me', tags: ['old'] },
    { id: uid('odd'), filename: 'a.verylongext', tags: ['old'] },
    { id: uid('tarball'), filename: 'site.tar.gz', tags: ['old'] },
    { id: uid('keep'), filename: 'keep.jpg' },
  ];
  const SAVED = ['secret', 'camera', 'readme', 'odd', 'tarball'].map((name) => uid(name));

  it('are named by upload ID and a safe extension; one whose filename holds the token is saved, named and restored', async () => {
    const target = await simulator({ uploads: SEEDS });
    const bytes = new Map(SAVED.map((id) => [id, md5(target.uploadFile(id) ?? new Uint8Array())]));
    const dir = newDir();
    const run = await act(target, { ...OLD, 'backup-dir': dir });
    expect(run.code).toBe(0);
    expect(deletedUploads(target).sort()).toEqual([...SAVED].sort());

    const manifest = validManifest(dir);
    // The disk and the manifest agree, and no name on disk holds the token.
    expectOnlyNamedFiles(dir, manifest);
    expect(listed(dir).join('\n')).not.toContain(TOKEN);
    expect(Object.fromEntries(manifest.uploads.map((upload) => [upload.id, upload.file]))).toEqual({
      [uid('secret')]: `files/${uid('secret')}.jpg`,
      [uid('camera')]: `files/${uid('camera')}.jpg`,
      [uid('readme')]: `files/${uid('readme')}`,
      [uid('odd')]: `files/${uid('odd')}`,
      [uid('tarball')]: `files/${uid('tarball')}.gz`,
    });
    for (const upload of manifest.uploads) {
      expect(md5(readFileSync(join(dir, upload.file))), upload.id).toBe(bytes.get(upload.id));
    }
    const secret = manifest.uploads.find((upload) => upload.id === uid('secret'));
    expect(secret?.resource.attributes.filename).toBe('photo-redacted.jpg');
    expect((secret as { redacted?: unknown } | undefined)?.redacted).toEqual(
      expect.arrayContaining(['filename', 'notes']),
    );
    const item = reportOf(run).items.find((entry) => entry.id === uid('secret')) as { backup?: { file: string } };
    expect(item.backup?.file).toBe(secret?.file);

    const restore = await act(target, { 'restore-from': dir });
    expect(restore.code).toBe(0);
    const report = validRestoreReport(restore.reportText);
    expect(report.counts).toMatchObject({ selected: 5, restored: 5, failed: 0 });
    const back = Object.fromEntries(
      Object.entries(report.idMap).map(([oldId, newId]) => {
        const attributes = target.uploadResource(newId)?.attributes;
        return [oldId, [attributes?.filename, md5(target.uploadFile(newId) ?? new Uint8Array())]];
      }),
    );
    expect(back).toEqual({
      [uid('secret')]: ['photo-redacted.jpg', bytes.get(uid('secret'))],
      [uid('camera')]: ['IMG_0001.JPG', bytes.get(uid('camera'))],
      [uid('readme')]: ['README', bytes.get(uid('readme'))],
      [uid('odd')]: ['a.verylongext', bytes.get(uid('odd'))],
      [uid('tarball')]: ['site.tar.gz', bytes.get(uid('tarball'))],
    });
    const note = `1 upload(s) held the API token in their metadata, which the backup saved as the word "redacted": they are re-created with that word in its place, ${uid('secret')} (filename, notes); rename them or edit their metadata in the media library if need be`;
    expect((report as unknown as { notes: string[] }).notes).toContain(note);
    expect(restore.summary).toContain(':warning: 1 upload(s) held the API token in their metadata');
  });

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

  it('of the previous version (schema 1, named by their filename) still restore', async () => {
    // Written by the bundle before schema 2, as it was: do not format or edit it.
    const dir = newDir();
    cpSync(new URL('../__fixtures__/backup-v1', import.meta.url), dir, { recursive: true });
    const saved = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as BackupManifestDocument & {
      schemaVersion: number;
    };
    expect(saved.schemaVersion).toBe(1);
    expect(saved.uploads.map((upload) => upload.file)).toEqual([
      `files/${uid('hero')}.hero_image_final_.png`,
      `files/${uid('logo')}.logo.svg`,
    ]);
    const target = await simulator({ uploads: [{ id: uid('keep') }] });
    const run = await act(target, { 'restore-from': dir });
    expect(run.code).toBe(0);
    const report = validRestoreReport(run.reportText);
    expect(report.counts).toMatchObject({ selected: 2, restored: 2, failed: 0 });
    for (const upload of saved.uploads) {
      const newId = report.idMap[upload.id] ?? '';
      expect(target.uploadResource(newId)?.attributes).toMatchObject({
        filename: upload.resource.attributes.filename,
        author: upload.resource.attributes.author,
        notes: upload.resource.attributes.notes,
        md5: md5(readFileSync(join(dir, upload.file))),
      });
    }
  });
});

describe('the files of a backup, with the command', () => {
  const installed = packedCommand();

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
      const run = await runCommand(installed().bin, args, { env: { DATOCMS_API_TOKEN: TOKEN }, node });
      expect(run.code, run.stderr).toBe(0);
      expect(deletedUploads(target)).toEqual([uid('good')]);
      const manifest = validManifest(dir);
      expect(manifest.uploads.map((upload) => upload.id)).toEqual([uid('good')]);
      expectOnlyNamedFiles(dir, manifest);
    },
    60_000,
  );
});
