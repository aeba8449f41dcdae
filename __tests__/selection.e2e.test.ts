/** End-to-end: selecting what to delete (criteria, scopes, UPLOAD_ID/*, dry-run, the cap). */
import { afterEach, describe, expect, it } from 'vitest';
import { act, closeSimulator, deletedUploads, errorLine, simulator } from '../__fixtures__/e2e.ts';
import { uid } from '../__fixtures__/ids.ts';
import type { SeedUpload, Simulator } from '../simulator/index.ts';

afterEach(closeSimulator);

const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

const [OLD_UNUSED, OLD_USED, NEW_UNUSED, NEW_TAGGED, UNTAGGED, VIDEO1] = [
  uid('oldUnused'),
  uid('oldUsed'),
  uid('newUnused'),
  uid('newTagged'),
  uid('untagged'),
  uid('video1'),
];

/** A small library: tags, use by records, ages and types that the criteria tell apart. */
const LIBRARY: SeedUpload[] = [
  { id: OLD_UNUSED, filename: 'banner-2019.jpg', tags: ['release-41'], createdAt: daysAgo(400) },
  { id: OLD_USED, filename: 'logo.png', tags: ['release-41'], createdAt: daysAgo(400), inUse: true },
  { id: NEW_UNUSED, filename: 'teaser.mp4', tags: ['release-42'], createdAt: daysAgo(5) },
  { id: NEW_TAGGED, filename: 'hero.jpg', tags: ['release-42'], createdAt: daysAgo(3), inUse: true },
  { id: UNTAGGED, filename: 'notes.pdf', createdAt: daysAgo(200) },
  {
    id: VIDEO1,
    filename: 'intro.mp4',
    createdAt: daysAgo(1),
    inUse: true,
    tracks: [{ id: 'it' }, { id: 'en' }, { id: 'de' }],
  },
];

const sorted = (list: readonly string[]) => [...list].sort();
const deletions = (target: Simulator) => target.requests.filter((r) => r.method === 'DELETE' || r.method === 'POST');

describe('scope: ids', () => {
  it('narrows the listed IDs: only-unused keeps those no record uses', async () => {
    const target = await simulator({ uploads: LIBRARY });
    const run = await act(target, {
      'upload-ids': [OLD_UNUSED, OLD_USED, NEW_UNUSED].join(','),
      'only-unused': 'true',
    });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ selected: '2', successful: '2', failed: '0' });
    expect(sorted(deletedUploads(target))).toEqual(sorted([NEW_UNUSED, OLD_UNUSED]));
    expect(run.summary).toContain('the 3 upload ID(s) given in upload-ids, keeping those: not used by any record');
  });

  it('never reaches past the listed IDs: an empty upload-ids selects nothing and sends nothing', async () => {
    const target = await simulator({ uploads: LIBRARY });
    const run = await act(target, {
      'upload-ids': '',
      'only-unused': 'true',
      filter: '{"tags":{"contains":"release-41"}}',
    });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ selected: '0', successful: '0', failed: '0' });
    expect(target.requests).toEqual([]);
  });

  it('combines criteria: tag and type, and older-than', async () => {
    // The API may delete uploads in use (UNVERIFIED): here it does, so that only the criteria decide.
    const target = await simulator({ uploads: LIBRARY, inUseUploads: 'delete' });
    const all = LIBRARY.map((u) => u.id).join(',');
    const run = await act(target, {
      'upload-ids': all,
      filter: '{"tags":{"contains":"release-42"},"type":{"eq":"image"}}',
    });
    expect(deletedUploads(target)).toEqual([NEW_TAGGED]);
    expect(run.outputs).toMatchObject({ selected: '1', successful: '1' });

    const older = await act(target, { 'upload-ids': all, 'older-than': '90d' });
    expect(sorted(older.outputs['failed-ids']?.split(',').filter(Boolean) ?? [])).toEqual([]);
    expect(older.outputs).toMatchObject({ selected: '3', successful: '3' });
    expect(sorted(deletedUploads(target))).toEqual(sorted([NEW_TAGGED, OLD_UNUSED, OLD_USED, UNTAGGED]));
  });
});

describe('scope: library', () => {
  it('selects by tag from the whole library', async () => {
    const target = await simulator({ uploads: LIBRARY, inUseUploads: 'delete' });
    const run = await act(target, { scope: 'library', filter: '{"tags":{"contains":"release-41"}}' });
    expect(run.outputs).toMatchObject({ selected: '2', successful: '2', failed: '0' });
    expect(sorted(deletedUploads(target))).toEqual(sorted([OLD_UNUSED, OLD_USED]));
    expect(run.summary).toContain('uploads of the whole media library (scope: library), keeping those: tags contains');
    expect(run.summary).toContain(`| banner-2019.jpg<br>\`${OLD_UNUSED}\` |`);
  });

  it('selects unused uploads older than N days', async () => {
    const target = await simulator({ uploads: LIBRARY });
    const run = await act(target, { scope: 'library', 'only-unused': 'true', 'older-than': '90d' });
    expect(sorted(deletedUploads(target))).toEqual(sorted([OLD_UNUSED, UNTAGGED]));
    expect(run.outputs).toMatchObject({ selected: '2', successful: '2' });
  });

  it('selects by full-text query', async () => {
    const target = await simulator({ uploads: LIBRARY });
    const run = await act(target, { scope: 'library', query: 'teaser' });
    expect(deletedUploads(target)).toEqual([NEW_UNUSED]);
    expect(run.outputs).toMatchObject({ selected: '1' });
  });

  it('reads every page of more than 500 matches', async () => {
    const many = Array.from({ length: 1200 }, (_, i) => ({ id: uid(`old${i}`), tags: ['bulk'] }));
    const target = await simulator({ uploads: [...many, ...LIBRARY], rateLimit: false });
    const run = await act(target, {
      scope: 'library',
      filter: '{"tags":{"contains":"bulk"}}',
      'max-deletions': '1200',
    });
    expect(run.outputs).toMatchObject({ selected: '1200', successful: '1200', failed: '0' });
    const pages = target.requests.filter((r) => r.path === '/uploads' && r.query['filter[fields][tags][contains]']);
    expect(pages.map((r) => [r.query['page[offset]'], r.query['page[limit]']])).toEqual([
      ['0', '500'],
      ['500', '500'],
      ['1000', '500'],
    ]);
    expect(sorted(deletedUploads(target))).toEqual(sorted(many.map((u) => u.id)));
  });

  it('refuses to run without a criterion, before any request', async () => {
    const target = await simulator({ uploads: LIBRARY });
    const run = await act(target, { scope: 'library' });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(/scope is library but no criterion is set/);
    expect(target.requests).toEqual([]);
  });
});

describe('max-deletions', () => {
  it('fails before deleting anything when more items matched, saying how to raise the cap', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => ({ id: uid(`old${i}`), tags: ['bulk'] }));
    const target = await simulator({ uploads: [...many, ...LIBRARY], rateLimit: false });
    const run = await act(target, { scope: 'library', filter: '{"tags":{"contains":"bulk"}}' });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(
      /1001 uploads and tracks matched, more than max-deletions \(1000\): nothing was deleted; if that many is intended, set max-deletions: '1001'/,
    );
    expect(deletions(target)).toEqual([]);
    expect(run.outputs).toMatchObject({ selected: '1001', successful: '0', failed: '0' });
  });

  it('counts listed IDs and tracks too', async () => {
    const target = await simulator({ uploads: LIBRARY });
    const run = await act(target, {
      'upload-ids': `${OLD_UNUSED},${NEW_UNUSED}`,
      'upload-tracks': `${VIDEO1}/*`,
      'max-deletions': '4',
    });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(/5 uploads and tracks matched, more than max-deletions \(4\)/);
    expect(deletions(target)).toEqual([]);
  });
});

describe('dry-run', () => {
  it('sends no DELETE or POST, and lists the selection in the summary', async () => {
    const target = await simulator({ uploads: LIBRARY });
    const run = await act(target, {
      scope: 'library',
      'only-unused': 'true',
      'dry-run': 'true',
      'upload-tracks': `${VIDEO1}/*`,
    });
    expect(run.code).toBe(0);
    expect(deletions(target)).toEqual([]);
    expect(target.deletions).toEqual([]);
    expect(run.outputs).toMatchObject({ selected: '6', successful: '0', failed: '0', 'job-ids': '' });
    expect(run.summary).toContain(':mag: **Dry run**: 6 upload(s) and track(s) selected, nothing deleted.');
    expect(run.summary).toContain(`| teaser.mp4<br>\`${NEW_UNUSED}\` |`);
    expect(run.summary).toContain(`\`${VIDEO1}/it\` | | | | **selected** |`);
    expect(run.stdout).toContain('Dry run: nothing was deleted (6 item(s) selected).');
  });

  it('lists given IDs with their details', async () => {
    const target = await simulator({ uploads: LIBRARY });
    const ghost = uid('ghost');
    const run = await act(target, { 'upload-ids': `${OLD_USED},${ghost}`, 'dry-run': 'true', 'max-deletions': '2' });
    expect(run.code).toBe(0);
    expect(deletions(target)).toEqual([]);
    expect(run.outputs).toMatchObject({ selected: '2' });
    expect(run.summary).toContain(`| logo.png<br>\`${OLD_USED}\` |`);
    expect(run.summary).toContain(`| file | (not found)<br>\`${ghost}\` |`);
    expect(run.stdout).not.toContain('a real run would stop here');
  });

  it('warns when the criteria keep more of the given IDs than a real run would take', async () => {
    const target = await simulator({ uploads: LIBRARY });
    const run = await act(target, {
      'upload-ids': [OLD_USED, OLD_UNUSED, UNTAGGED, NEW_UNUSED].join(','),
      'older-than': '90d',
      'dry-run': 'true',
      'max-deletions': '2',
    });
    expect(run.code).toBe(0);
    expect(deletions(target)).toEqual([]);
    expect(run.outputs).toMatchObject({ selected: '3' });
    expect(run.stdout).toMatch(/::warning::Dry run: a real run would stop here: 3 uploads and tracks matched/);
  });

  it('refuses given IDs past the cap before any request, as a real run would', async () => {
    // Without criteria in scope ids, the inputs say how many: no listing is needed to know it.
    const target = await simulator({ uploads: LIBRARY });
    const run = await act(target, {
      'upload-ids': `${OLD_USED},${uid('ghost')}`,
      'dry-run': 'true',
      'max-deletions': '1',
    });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain(
      "the inputs name 2 uploads and tracks, more than max-deletions (1) allows: nothing was sent; if that many is intended, set max-deletions: '2' (or more), otherwise name fewer",
    );
    expect(target.requests).toEqual([]);
  });
});

describe('UPLOAD_ID/*', () => {
  it('deletes every track of the upload, and warns about an unknown upload', async () => {
    const target = await simulator({ uploads: LIBRARY });
    const nope = uid('nope');
    const run = await act(target, { 'upload-tracks': `${VIDEO1}/*\n${nope}/*` });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ selected: '3', successful: '3', failed: '0' });
    expect(sorted(target.deletions.map((d) => `${d.uploadId}/${d.trackId ?? ''}`))).toEqual([
      `${VIDEO1}/de`,
      `${VIDEO1}/en`,
      `${VIDEO1}/it`,
    ]);
    expect(run.stdout).toContain(`::warning::${nope}/* selects no track: upload ${nope} was not found`);
  });
});

describe('what the API hands back is not trusted blindly', () => {
  it('refuses a filter that matched the whole library (a field the API ignored)', async () => {
    // `resolution` is documented, and no listed attribute proves it: only the count can tell.
    const target = await simulator({ uploads: LIBRARY, ignoredFilterFields: ['resolution'] });
    const run = await act(target, { scope: 'library', filter: '{"resolution":{"eq":"icon"}}' });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(
      /the criteria matched all 6 uploads of the media library, so the API may have ignored one of them \(no listing can prove resolution eq "icon"\): nothing was deleted/,
    );
    expect(deletions(target)).toEqual([]);
  });

  it('leaves out track IDs that could change the path, such as .. and .', async () => {
    const tracks = [{ id: '..' }, { id: '.' }, { id: 'ok' }];
    const [vid, other] = [uid('vid'), uid('other')];
    const target = await simulator({ uploads: [{ id: vid, tracks }, { id: other }] });
    const run = await act(target, { 'upload-tracks': `${vid}/*` });
    expect(run.outputs).toMatchObject({ selected: '1', successful: '1', failed: '0' });
    expect(deletions(target).map((r) => r.path)).toEqual([`/uploads/${vid}/tracks/ok`]);
    expect(target.uploadExists(vid)).toBe(true);
    expect(run.stdout).toContain(
      `::warning::the API listed 2 track ID(s) that cannot be put in a path safely, left out: "${vid}/..", "${vid}/."`,
    );
  });
});
