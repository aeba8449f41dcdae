/**
 * End-to-end, the action: a criterion the API may ignore never selects. Field names are checked
 * before any request; every criterion a listed upload shows (tags, type, size, dates...) is
 * checked on each listed upload, under every selection path (library, ids, apply), against an API
 * that ignores a field it knows; what cannot be checked (in_use) is said so.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { act, closeSimulator, deletedUploads, errorLine, reportOf, simulator } from '../__fixtures__/e2e.ts';
import { uid } from '../__fixtures__/ids.ts';
import type { SeedUpload, Simulator } from '../simulator/index.ts';

afterEach(closeSimulator);

const OLD = '2024-01-01T00:00:00.000Z';
const [R41A, R41B, R41USED, R42A, PLAIN, DOC] = [
  uid('r41a'),
  uid('r41b'),
  uid('r41used'),
  uid('r42a'),
  uid('plain'),
  uid('doc'),
];
const FRESH = uid('fresh');
/** Unused uploads of two releases, one used one, and one untagged. */
const LIBRARY: SeedUpload[] = [
  { id: R41A, tags: ['release-41'], createdAt: OLD },
  { id: R41B, tags: ['release-41', 'hero'], createdAt: OLD },
  { id: R41USED, tags: ['release-41'], createdAt: OLD, inUse: true },
  { id: R42A, tags: ['release-42'], createdAt: OLD },
  { id: PLAIN, createdAt: OLD },
  { id: DOC, filename: 'notes.pdf', tags: ['release-41'], createdAt: OLD },
];
const ALL = LIBRARY.map((u) => u.id);
const sent = (target: Simulator) => target.requests.filter((r) => r.method !== 'GET');
const sorted = (list: readonly string[]) => [...list].sort();

describe('a filter field name', () => {
  it.each([
    ['library', { scope: 'library', 'only-unused': 'true' }],
    ['ids', { 'upload-ids': ALL.join(',') }],
  ])('that the API does not document is refused before any request (scope %s)', async (_scope, inputs) => {
    // An API that ignores a name it does not know would list every unused upload here.
    const target = await simulator({ uploads: LIBRARY, unknownFilters: 'ignore' });
    const run = await act(target, { ...inputs, filter: '{"tag":{"contains":"release-41"}}' });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(
      /^::error::filter field "tag" is not an upload filter field of the CMA: did you mean "tags"\? \(the fields: /,
    );
    expect(target.requests).toEqual([]);
    expect(deletedUploads(target)).toEqual([]);
  });

  it('with a documented operator it does not take is refused, with the one meant', async () => {
    const target = await simulator({ uploads: LIBRARY });
    const run = await act(target, { scope: 'library', filter: '{"type":{"not_eq":"image"}}' });
    expect(errorLine(run)).toMatch(/filter type.not_eq is not an operator of type: did you mean "neq"\?/);
    expect(target.requests).toEqual([]);
  });
});

describe('an API that ignores a field it documents (tags)', () => {
  it('scope library with only-unused: deletes only the tagged unused uploads', async () => {
    const target = await simulator({ uploads: LIBRARY, ignoredFilterFields: ['tags'] });
    const run = await act(target, {
      scope: 'library',
      filter: '{"tags":{"contains":"release-41"}}',
      'only-unused': 'true',
    });
    expect(run.code, run.stdout).toBe(0);
    expect(sorted(deletedUploads(target))).toEqual(sorted([DOC, R41A, R41B]));
    expect(run.outputs).toMatchObject({ selected: '3', successful: '3' });
    expect(run.stdout).toMatch(
      /::warning::2 listed upload\(s\) left out: tags contains "release-41" does not hold for them \(the API did not apply it\)/,
    );
  });

  it('scope library with older-than: the same', async () => {
    const fresh = { id: FRESH, tags: ['release-41', 'hero'], createdAt: new Date().toISOString() };
    const target = await simulator({
      uploads: [...LIBRARY, fresh],
      ignoredFilterFields: ['tags'],
      inUseUploads: 'delete',
    });
    const run = await act(target, {
      scope: 'library',
      filter: '{"tags":{"all_in":["release-41","hero"]}}',
      'older-than': '30d',
    });
    expect(run.code, run.stdout).toBe(0);
    expect(deletedUploads(target)).toEqual([R41B]);
  });

  it('scope library, when the filter then matches the whole library: refused, nothing deleted', async () => {
    const target = await simulator({ uploads: LIBRARY, ignoredFilterFields: ['tags'] });
    const run = await act(target, {
      scope: 'library',
      filter: '{"tags":{"contains":"release-41"}}',
      'older-than': '30d',
    });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(
      /the criteria matched all 6 uploads of the media library, so the API may have ignored/,
    );
    expect(sent(target)).toEqual([]);
  });

  it('scope ids: narrows the given IDs all the same, and says so', async () => {
    const target = await simulator({ uploads: LIBRARY, ignoredFilterFields: ['tags', 'type'] });
    const run = await act(target, {
      'upload-ids': ALL.join(','),
      filter: '{"tags":{"contains":"release-41"},"type":{"eq":"image"}}',
    });
    expect(run.code, run.stdout).toBe(0);
    expect(sorted(deletedUploads(target))).toEqual(sorted([R41A, R41B]));
    // r41used is refused by the API as in use: it was selected, as the criteria say.
    expect(run.outputs).toMatchObject({ selected: '3', successful: '2', failed: '1' });
    expect(run.summary).toContain('keeping those: tags contains "release-41"; type eq "image"');
  });

  it('apply: a planned upload that lost its tag is skipped, not deleted', async () => {
    const target = await simulator({ uploads: LIBRARY, ignoredFilterFields: ['tags'] });
    const path = join(mkdtempSync(join(tmpdir(), 'proof-')), 'plan.json');
    const dry = await act(target, {
      'upload-ids': [R41A, R41B, DOC].join(','),
      filter: '{"tags":{"contains":"release-41"}}',
      'dry-run': 'true',
      'report-file': path,
    });
    expect(dry.code, dry.stdout).toBe(0);
    target.addUpload({ id: R41B, tags: ['hero'], createdAt: OLD }); // the tag removed since
    const run = await act(target, { 'plan-file': path });
    expect(run.code, run.stdout).toBe(0);
    expect(sorted(deletedUploads(target))).toEqual(sorted([DOC, R41A]));
    const report = reportOf(run);
    expect(report.items.find((item) => item.id === R41B)).toMatchObject({
      fate: 'skipped',
      reason: "no longer matches the plan's criteria",
    });
    expect(run.stdout).toMatch(/tags contains "release-41" does not hold for them/);
  });
});

describe('an API that ignores in_use, which no listing shows', () => {
  const used = LIBRARY.filter((u) => u.inUse === true).map((u) => u.id);

  it('scope library, only-unused alone: the whole library matched, refused', async () => {
    const target = await simulator({ uploads: LIBRARY, ignoredFilterFields: ['in_use'], inUseUploads: 'delete' });
    const run = await act(target, { scope: 'library', 'only-unused': 'true' });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(
      /matched all 6 uploads of the media library, so the API may have ignored one of them \(no listing can prove only-unused \(in_use eq false\)\): nothing was deleted/,
    );
    expect(sent(target)).toEqual([]);
  });

  it.each([
    ['library, with older-than', { scope: 'library', 'older-than': '30d' }],
    ['ids', { 'upload-ids': ALL.join(',') }],
  ])('scope %s: asked again with in_use flipped, it lists the same uploads: refused', async (_, inputs) => {
    const fresh = { id: FRESH, createdAt: new Date().toISOString() };
    const target = await simulator({
      uploads: [...LIBRARY, fresh],
      ignoredFilterFields: ['in_use'],
      inUseUploads: 'delete',
    });
    const run = await act(target, { ...inputs, 'only-unused': 'true' });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(
      /the API listed \d+ upload\(s\) both as used and as unused by records \(in_use eq false, and asked again with eq true\): it does not apply in_use here, or records changed meanwhile; nothing was deleted/,
    );
    expect(sent(target)).toEqual([]);
    for (const id of used) expect(target.uploadExists(id)).toBe(true);
  });

  it('apply: a plan of unused uploads, applied where in_use is ignored, is refused', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'proof-')), 'plan.json');
    const honest = await simulator({ uploads: LIBRARY });
    const dry = await act(honest, {
      'upload-ids': ALL.join(','),
      'only-unused': 'true',
      'dry-run': 'true',
      'report-file': path,
    });
    expect(dry.code, dry.stdout).toBe(0);
    await closeSimulator();
    const target = await simulator({ uploads: LIBRARY, ignoredFilterFields: ['in_use'], inUseUploads: 'delete' });
    const run = await act(target, { 'plan-file': path });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(/both as used and as unused by records/);
    expect(sent(target)).toEqual([]);
  });

  it('costs one request when the API applies it, and deletes as asked', async () => {
    const target = await simulator({ uploads: LIBRARY });
    const run = await act(target, { 'upload-ids': ALL.join(','), 'only-unused': 'true' });
    expect(run.code, run.stdout).toBe(0);
    expect(sorted(deletedUploads(target))).toEqual(sorted(ALL.filter((id) => !used.includes(id))));
    const flipped = target.requests.filter(
      (r) => r.path === '/uploads' && r.query['filter[fields][in_use][eq]'] === 'true',
    );
    expect(flipped).toHaveLength(1);
  });
});

describe('exists, where the listing leaves the attribute out', () => {
  it('proves nothing: an upload whose author the listing omits is left out, not taken as without one', async () => {
    const [credited, blank, other] = [uid('credited'), uid('blank'), uid('other')];
    const target = await simulator({
      ignoredFilterFields: ['author'],
      uploads: [
        { id: credited, author: 'Jane Doe', listedAttributes: { author: undefined } },
        { id: blank },
        { id: other, author: 'x' },
      ],
    });
    const run = await act(target, { 'upload-ids': `${credited},${blank}`, filter: '{"author":{"exists":false}}' });
    expect(run.code, run.stdout).toBe(0);
    expect(deletedUploads(target)).toEqual([blank]);
    expect(run.stdout).toMatch(
      /1 listed upload\(s\) left out: author is missing or malformed, so author exists false cannot be proven/,
    );
  });
});

describe('an in_use cross-check answered in part', () => {
  it('is refused, as every lookup by ID that does not add up', async () => {
    const target = await simulator({ uploads: LIBRARY, inUseUploads: 'delete' });
    const flipped = { method: 'GET', path: /^\/uploads$/ };
    const partial = JSON.stringify({ data: [], meta: { total_count: 2 } });
    target.inject({ match: flipped, after: 1, status: 200, contentType: 'application/json', body: partial });
    const run = await act(target, { 'upload-ids': `${R41A},${R41USED}`, 'only-unused': 'true' });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(
      /GET \/uploads answered a total_count of 2 for 1 IDs asked, which this action does not understand: nothing was assumed from it/,
    );
    expect(sent(target)).toEqual([]);
  });
});

describe('a query the API may ignore', () => {
  it('that matched the whole library is refused', async () => {
    const target = await simulator({ uploads: LIBRARY, unknownFilters: 'ignore' });
    // The query parameter itself is ignored: every upload is listed.
    target.inject({
      match: { method: 'GET', path: /^\/uploads$/ },
      times: 2,
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({
        data: LIBRARY.map((u) => target.uploadResource(u.id)),
        meta: { total_count: LIBRARY.length },
      }),
    });
    const run = await act(target, { scope: 'library', query: 'banner' });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(/matched all 6 uploads of the media library, .*no listing can prove query "banner"/);
    expect(sent(target)).toEqual([]);
  });
});

describe('what no listing shows', () => {
  it('is said to be taken on the API word, in the log, summary and report', async () => {
    const target = await simulator({ uploads: LIBRARY });
    const run = await act(target, {
      scope: 'library',
      filter: '{"tags":{"contains":"release-41"}}',
      'only-unused': 'true',
      'dry-run': 'true',
    });
    expect(run.code).toBe(0);
    const said = "not used by any record (the API's word: a listing cannot show it)";
    expect(run.stdout).toContain(said);
    expect(run.summary).toContain(said);
    expect(reportOf(run).settings).toMatchObject({ criteria: { described: ['tags contains "release-41"', said] } });
    expect(sent(target)).toEqual([]);
  });
});
