/**
 * End-to-end: backup-dir saves every selected upload before its deletion, and restore-from brings
 * them back, with the action's bundle run as the runner does, against the simulator (its asset
 * host and storage serve https with the test certificate the runs trust).
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  act,
  closeSimulator,
  deletedUploads,
  errorLine,
  reportOf,
  simulator,
  TOKEN,
  validManifest,
  validRestoreReport,
} from '../__fixtures__/e2e.ts';
import { uid } from '../__fixtures__/ids.ts';
import type { SeedUpload, Simulator } from '../simulator/index.ts';

afterEach(closeSimulator);

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');
const newDir = () => join(mkdtempSync(join(tmpdir(), 'backup-test-')), 'media-backup');

/** Resolves once `done()` holds: for what the simulator does on its own clock (a job finishing). */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 50));
}

const HERO = uid('upHeroImage1');
const LOGO = uid('upLogo2');
const CLIP = uid('upClip3');
const KEEP = uid('upKeep4');
const LIES = uid('upLies5');
const VIDEO = uid('upVideo1');

/** Uploads with every kind of metadata a restore must bring back. */
const SEEDS: SeedUpload[] = [
  {
    id: HERO,
    filename: 'hero image (final).png',
    content: 'the hero image bytes '.repeat(400),
    author: 'Ada',
    copyright: '© 2026 Example',
    notes: 'used on the landing page',
    tags: ['release-41', 'hero'],
    defaultFieldMetadata: {
      alt: { en: 'A hero', it: 'Un eroe' },
      title: { en: 'Hero' },
      custom_data: { en: { credit: 'studio' } },
      focal_point: { x: 0.3, y: 0.6 },
    },
    uploadCollection: 'coll-banners',
  },
  { id: LOGO, filename: 'logo.svg', content: '<svg/>', tags: ['release-41'] },
  { id: CLIP, filename: 'clip.mp4', size: 300_000, tags: ['release-41'] },
  { id: KEEP, filename: 'keep.jpg', tags: ['current'] },
];
const RELEASE_41 = { scope: 'library', filter: '{"tags":{"contains":"release-41"}}' };
const SELECTED = [HERO, LOGO, CLIP];

/** What a restored upload must match of its original: bytes, name and every saved piece of metadata. */
function comparable(target: Simulator, id: string) {
  const resource = target.uploadResource(id);
  const bytes = target.uploadFile(id);
  if (resource === undefined || bytes === undefined) throw new Error(`no upload ${id}`);
  const a = resource.attributes;
  return {
    md5: md5(bytes),
    size: bytes.length,
    filename: a.filename,
    listedMd5: a.md5,
    author: a.author,
    copyright: a.copyright,
    notes: a.notes,
    tags: a.tags,
    default_field_metadata: a.default_field_metadata,
    collection: resource.relationships.upload_collection.data,
  };
}

describe('backup-dir', () => {
  it('saves every selected upload, file and metadata as listed, before deleting it; the token never goes to the asset host', async () => {
    const target = await simulator({ uploads: SEEDS });
    const before = new Map(SELECTED.map((id) => [id, comparable(target, id)]));
    const resources = new Map(SELECTED.map((id) => [id, target.uploadResource(id)]));
    const dir = newDir();
    const run = await act(target, { ...RELEASE_41, 'backup-dir': dir });
    expect(run.code).toBe(0);
    expect(deletedUploads(target).sort()).toEqual([...SELECTED].sort());
    expect(target.uploadResource(KEEP)).toBeDefined();

    const manifest = validManifest(dir);
    expect(manifest.complete).toBe(true);
    expect(manifest.environment.id).toBe('main');
    expect(manifest.uploads.map((upload) => upload.id).sort()).toEqual([...SELECTED].sort());
    for (const upload of manifest.uploads) {
      const saved = readFileSync(join(dir, upload.file));
      expect(md5(saved), upload.id).toBe(before.get(upload.id)?.md5);
      expect(upload.md5).toBe(md5(saved));
      expect(upload.resource).toEqual(resources.get(upload.id));
    }
    expect(manifest.uploads.find((u) => u.id === HERO)?.file).toBe(`files/${HERO}.png`);

    // Every file was fetched before the first deletion was sent, and never with a CMA header.
    const firstDeletion = target.requests.find((request) => request.method !== 'GET')?.time ?? 0;
    expect(target.assetRequests.filter((request) => request.method === 'GET')).toHaveLength(3);
    for (const request of target.assetRequests) {
      expect(request.time).toBeLessThan(firstDeletion);
      expect(request.headers.authorization).toBeUndefined();
      expect(request.headers['x-api-version']).toBeUndefined();
      expect(JSON.stringify(request.headers)).not.toContain(TOKEN);
    }

    const report = reportOf(run);
    const hero = report.items.find((item) => item.id === HERO) as { backup?: unknown };
    expect(hero.backup).toEqual({
      file: `files/${HERO}.png`,
      md5: manifest.uploads.find((u) => u.id === HERO)?.md5,
    });
    expect((report as unknown as { backup: unknown }).backup).toMatchObject({ dir, uploads: 3, notSaved: 0 });
    expect(run.summary).toContain('- Backup: 3 upload(s)');
  });

  it('keeps an upload whose download fails after its retries (403, wrong bytes, a redirect to http), and deletes the rest', async () => {
    const target = await simulator({ uploads: SEEDS });
    target.injectAsset({ match: { uploadId: LOGO }, kind: 'status', status: 403 });
    target.injectAsset({ match: { uploadId: CLIP }, kind: 'wrong-bytes', times: 3 });
    target.injectAsset({ match: { uploadId: HERO }, kind: 'redirect', to: 'http' });
    // The listing says 3 bytes; the asset host announces and sends 11.
    target.addUpload({
      id: LIES,
      content: '11 bytes!!!',
      tags: ['release-41'],
      listedAttributes: { size: 3 },
    });
    const run = await act(target, { ...RELEASE_41, 'backup-dir': newDir() });
    expect(run.code).toBe(0);
    expect(deletedUploads(target)).toEqual([]);
    expect(run.outputs).toMatchObject({ selected: '4', successful: '0', failed: '4' });
    const report = reportOf(run);
    expect(report.items.map((item) => [item.id, item.fate, item.reason])).toEqual(
      expect.arrayContaining([...SELECTED, LIES].map((id) => [id, 'failed', 'backup failed'])),
    );
    expect(run.stdout).toContain(
      `${LIES} was not backed up, so it will not be deleted: the asset host sends 11 bytes where the listing says 3`,
    );
    expect(run.stdout).toContain(
      `Upload ${LOGO} was not backed up, so it will not be deleted: the asset host answered 403`,
    );
    expect(run.stdout).toMatch(
      new RegExp(`${CLIP} was not backed up.*md5 is .* where the listing says .* \\(after 3 attempts\\)`),
    );
    expect(run.stdout).toMatch(
      new RegExp(`${HERO} was not backed up.*a redirect to http: \\(only https is followed\\)`),
    );
    expect(run.summary).toMatch(/backup failed \(4\)/);
  });

  it('retries a truncated or slow download, follows a redirect to https, and checks what it got', async () => {
    const target = await simulator({ uploads: SEEDS });
    target.injectAsset({ match: { uploadId: CLIP }, kind: 'truncate' });
    target.injectAsset({ match: { uploadId: LOGO }, kind: 'redirect', to: 'https' });
    target.injectAsset({ match: { uploadId: HERO }, kind: 'slow', delayMs: 300 });
    const dir = newDir();
    const run = await act(target, { ...RELEASE_41, 'backup-dir': dir });
    expect(run.code).toBe(0);
    expect(deletedUploads(target).sort()).toEqual([...SELECTED].sort());
    expect(validManifest(dir).uploads).toHaveLength(3);
    expect(readdirSync(join(dir, 'files')).sort()).toEqual([`${CLIP}.mp4`, `${HERO}.png`, `${LOGO}.svg`]);
  });

  it('stops before downloading or deleting anything when the selection is larger than backup-max-bytes', async () => {
    const target = await simulator({ uploads: SEEDS });
    const dir = newDir();
    const run = await act(target, { ...RELEASE_41, 'backup-dir': dir, 'backup-max-bytes': '200KB' });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(
      /the 3 selected upload\(s\) add up to 308\d+ bytes \(30\d\.\d KB\), more than backup-max-bytes \(200\.0 KB\): nothing was downloaded or deleted; raise backup-max-bytes to at least 30\dKB, or select fewer uploads/,
    );
    expect(target.assetRequests).toEqual([]);
    expect(deletedUploads(target)).toEqual([]);
    expect(existsSync(join(dir, 'manifest.json'))).toBe(false);
    expect(reportOf(run).outcome).toBe('failed');
  });

  it('on SIGTERM mid-backup deletes nothing, and writes the manifest of what was saved', async () => {
    const seeds = Array.from({ length: 20 }, (_, n) => ({ id: uid(`slow${n}`), tags: ['old'] }));
    const target = await simulator({ uploads: [...seeds, { id: KEEP }] });
    target.injectAsset({ kind: 'slow', delayMs: 4000, times: 12 });
    const dir = newDir();
    const run = await act(
      target,
      { scope: 'library', filter: '{"tags":{"contains":"old"}}', 'backup-dir': dir },
      {
        onStart: (child) => {
          let seen = '';
          let signalled = false;
          child.stdout?.on('data', (chunk: Buffer) => {
            seen += chunk.toString();
            if (!signalled && seen.includes('Backing up 20 upload(s)')) {
              signalled = true;
              child.kill('SIGTERM');
            }
          });
        },
      },
    );
    expect(run.code).not.toBe(0);
    expect(deletedUploads(target)).toEqual([]);
    expect(target.requests.filter((request) => request.method !== 'GET')).toEqual([]);
    const manifest = validManifest(dir);
    expect(manifest.complete).toBe(false);
    const report = reportOf(run);
    expect(report.outcome).toBe('cancelled');
    expect(new Set(report.items.map((item) => item.fate))).toEqual(new Set(['pending']));
  });

  it('saves selected tracks as metadata, and says their media is not saved', async () => {
    const video = { id: VIDEO, tracks: [{ id: 'en', name: 'English', languageCode: 'en' }] };
    const target = await simulator({ uploads: [video] });
    const dir = newDir();
    const run = await act(target, { 'upload-tracks': `${VIDEO}/en`, 'backup-dir': dir });
    expect(run.code).toBe(0);
    expect(target.trackExists(VIDEO, 'en')).toBe(false);
    expect(validManifest(dir).tracks).toEqual([
      {
        uploadId: VIDEO,
        trackId: 'en',
        name: 'English',
        type: 'subtitles',
        languageCode: 'en',
        closedCaptions: false,
        media: "not saved: the API gives no way to download a track's media",
      },
    ]);
  });
});

describe('restore-from', () => {
  /** A cleanup of release 41 with a backup, on a fresh simulator; returns the folder and the originals. */
  async function cleanedUp() {
    const target = await simulator({ uploads: SEEDS });
    const originals = new Map(SELECTED.map((id) => [id, comparable(target, id)]));
    const dir = newDir();
    const run = await act(target, { ...RELEASE_41, 'backup-dir': dir });
    expect(run.code).toBe(0);
    expect(deletedUploads(target)).toHaveLength(3);
    return { target, originals, dir };
  }

  it('brings back every upload with the same bytes, filename and metadata, under new IDs, and maps them', async () => {
    const { target, originals, dir } = await cleanedUp();
    const run = await act(target, { 'restore-from': dir });
    expect(run.code).toBe(0);
    const idMap = JSON.parse(run.outputs['id-map'] ?? '{}') as Record<string, string>;
    expect(Object.keys(idMap).sort()).toEqual([...SELECTED].sort());
    for (const [oldId, newId] of Object.entries(idMap)) {
      expect(newId).not.toBe(oldId);
      expect(comparable(target, newId), oldId).toEqual(originals.get(oldId));
    }
    expect(target.uploads()).toHaveLength(4);
    expect(run.outputs).toMatchObject({ successful: '3', failed: '0', selected: '3', environment: 'main' });
    const report = validRestoreReport(run.reportText);
    expect(report.idMap).toEqual(idMap);
    const saved = JSON.parse(readFileSync(join(dir, 'id-map.json'), 'utf8')) as { restored: unknown };
    expect(saved.restored).toEqual(idMap);
    // The storage got the bytes without the token; the CMA got the token.
    for (const request of target.assetRequests) expect(request.headers.authorization).toBeUndefined();
    expect(run.summary).toContain('## DatoCMS media restore');
  });

  it('resumes an interrupted restore without creating anything twice, asking the job it left running', async () => {
    const { target, dir } = await cleanedUp();
    // The third creation's job takes 4 s: the run's job-timeout of 2 s ends it first.
    target.inject({ match: { method: 'POST', path: '/uploads' }, after: 2, jobLatencyMs: 4000 });
    const first = await act(target, { 'restore-from': dir, 'job-timeout': '2' });
    expect(first.code).toBe(1);
    expect(errorLine(first)).toMatch(
      /job-timeout \(2 s\) ran out after 2 upload\(s\) were restored; 1 creation job\(s\) were accepted and not seen finished: id-map.json records them, and the next restore asks them instead of creating those uploads again: run the restore again to finish/,
    );
    expect(validRestoreReport(first.reportText).counts).toMatchObject({ restored: 2, pending: 1 });
    const saved = JSON.parse(readFileSync(join(dir, 'id-map.json'), 'utf8')) as { pending: Record<string, string> };
    expect(Object.keys(saved.pending)).toHaveLength(1);

    // Run again while that job still runs: it is asked, not created again.
    const early = await act(target, { 'restore-from': dir });
    // Not restored yet, so not a success: counted failed, with what to do, and the step fails.
    expect(early.code).toBe(1);
    const waiting = validRestoreReport(early.reportText).items.filter((item) => item.fate === 'failed');
    expect(waiting.map((item) => item.reason)).toEqual([
      expect.stringMatching(
        /^its creation job \S+ \(from an earlier restore\) has not finished: run the restore again later; if it never does, check the media library, then remove \S+ from "pending" in id-map.json$/,
      ),
    ]);
    expect(early.outputs.failed).toBe('1');
    await until(() => target.jobs().every((job) => job.done));

    const second = await act(target, { 'restore-from': dir });
    expect(second.code).toBe(0);
    const report = validRestoreReport(second.reportText);
    expect(report.counts).toMatchObject({ selected: 3, restored: 1, skipped: 2 });
    expect(Object.keys(report.idMap).sort()).toEqual([...SELECTED].sort());
    const filenames = target.uploads().map((upload) => upload.attributes.filename);
    expect(filenames.sort()).toEqual(['clip.mp4', 'hero image (final).png', 'keep.jpg', 'logo.svg']);
    const third = await act(target, { 'restore-from': dir });
    expect(validRestoreReport(third.reportText).counts).toMatchObject({ restored: 0, skipped: 3 });
    expect(target.creations).toHaveLength(3);
  });

  it('never sends a creation twice: a lost answer, a gateway 502, or a job naming another upload is left for a person to check', async () => {
    const { target, dir } = await cleanedUp();
    const creates = { method: 'POST', path: '/uploads' };
    target.inject({ match: creates, loseAnswer: true });
    target.inject({ match: creates, status: 502 });
    const other = target.uploadResource(KEEP);
    // A job fault goes to the next request that starts a job: the one whose answer is lost is first.
    target.inject({ match: creates, after: 1, jobPayload: { data: other } });
    const first = await act(target, { 'restore-from': dir });
    const report = validRestoreReport(first.reportText);
    expect(report.counts).toMatchObject({ restored: 0, failed: 3 });
    for (const item of report.items) {
      expect(item.reason).toMatch(
        /it may have been created anyway: check the media library before restoring it again$/,
      );
    }
    expect(report.items.map((item) => item.reason)).toContainEqual(
      expect.stringContaining(`the creation job named upload ${KEEP}, whose file is not the one saved`),
    );
    expect(report.idMap).toEqual({});
    const again = await act(target, { 'restore-from': dir });
    const skipped = validRestoreReport(again.reportText).items.filter((item) =>
      item.reason?.startsWith('an earlier restore may have created it'),
    );
    expect(skipped).toHaveLength(3);
    expect(target.requests.filter((request) => request.method === 'POST' && request.path === '/uploads')).toHaveLength(
      3,
    );
  });

  it('stops at once when id-map.json cannot be written, before sending the next creation', async () => {
    const { target, dir } = await cleanedUp();
    mkdirSync(join(dir, 'id-map.json.partial', 'blocked'), { recursive: true });
    const run = await act(target, { 'restore-from': dir });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(
      /id-map\.json could not be written .* stopped there, so that nothing is created that a later restore would not know of/,
    );
    expect(target.requests.filter((request) => request.method === 'POST' && request.path === '/uploads')).toEqual([]);
  });

  it('restores only the uploads asked for, and skips one that still exists', async () => {
    const { target, dir } = await cleanedUp();
    target.addUpload({ id: LOGO, filename: 'logo.svg' });
    const run = await act(target, { 'restore-from': dir, 'upload-ids': `${LOGO},${CLIP}` });
    expect(run.code).toBe(0);
    const report = validRestoreReport(run.reportText);
    expect(report.items.map((item) => [item.id, item.fate, item.reason])).toEqual([
      [LOGO, 'skipped', 'still exists in the target environment: nothing to restore'],
      [CLIP, 'restored', null],
    ]);
    expect(target.creations).toHaveLength(1);
  });

  it('refuses a damaged backup before any request: a manifest off its schema, a changed file', async () => {
    const { target, dir } = await cleanedUp();
    const requests = target.requests.length;
    const manifestPath = join(dir, 'manifest.json');
    const manifest = readFileSync(manifestPath, 'utf8');
    writeFileSync(manifestPath, manifest.replace('"schemaVersion":2', '"schemaVersion":3'));
    const schema = await act(target, { 'restore-from': dir });
    expect(errorLine(schema)).toContain(
      'does not follow backup.schema.json (/schemaVersion must be equal to one of the allowed values)',
    );
    writeFileSync(manifestPath, manifest);
    const file = validManifest(dir).uploads.find((upload) => upload.id === LOGO)?.file ?? '';
    writeFileSync(join(dir, file), '<svg>');
    const changed = await act(target, { 'restore-from': dir });
    expect(errorLine(changed)).toContain(
      `the backup's file "${file}" (upload ${LOGO}) is 5 bytes where the manifest says 6`,
    );
    writeFileSync(join(dir, file), '<svG/>');
    const sameSize = await act(target, { 'restore-from': dir });
    expect(errorLine(sameSize)).toContain('does not match its checksum in the manifest (MD5)');
    writeFileSync(join(dir, file), '<svg/>');
    // files/ as a link to a folder elsewhere: what it holds is not the backup's.
    const elsewhere = mkdtempSync(join(tmpdir(), 'elsewhere-'));
    const folder = join(dir, 'files');
    renameSync(folder, join(elsewhere, 'moved'));
    symlinkSync(join(elsewhere, 'moved'), folder);
    const linked = await act(target, { 'restore-from': dir });
    expect(errorLine(linked)).toContain(`the backup's "files" is not a folder (a symbolic link?)`);
    rmSync(folder);
    renameSync(join(elsewhere, 'moved'), folder);
    // Another restore of the same backup running: its lock is there.
    writeFileSync(join(dir, 'restore.lock'), '{}');
    const locked = await act(target, { 'restore-from': dir });
    expect(errorLine(locked)).toContain('another restore of this backup is running');
    expect(target.requests.length).toBe(requests);
    expect(target.creations).toEqual([]);
  });

  it("restores into the backup's own environment unless another is given", async () => {
    const target = await simulator({ uploads: SEEDS, environments: ['staging'] });
    const dir = newDir();
    const cleanup = await act(target, { ...RELEASE_41, environment: 'staging', 'backup-dir': dir });
    expect(cleanup.code).toBe(0);
    const run = await act(target, { 'restore-from': dir, 'upload-ids': LOGO });
    expect(run.outputs.environment).toBe('staging');
    expect(target.creations.map((creation) => creation.environment)).toEqual(['staging']);
    const elsewhere = await act(target, {
      'restore-from': join(dir),
      'upload-ids': CLIP,
      environment: 'main',
    });
    expect(errorLine(elsewhere)).toContain('records a restore into environment staging, not main');
  });

  it('a dry run checks the backup and creates nothing', async () => {
    const { target, dir } = await cleanedUp();
    const run = await act(target, { 'restore-from': dir, 'dry-run': 'true' });
    expect(run.code).toBe(0);
    expect(validRestoreReport(run.reportText).items.map((item) => item.fate)).toEqual([
      'selected',
      'selected',
      'selected',
    ]);
    expect(target.requests.filter((request) => request.method === 'POST')).toEqual([]);
  });
});
