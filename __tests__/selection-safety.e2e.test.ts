/**
 * End-to-end: the selection never widens, whatever the inputs hold or the listing answers:
 * hostile filter keys, listings that never end, repeat themselves or lack what they need, dates
 * that cannot be proven, and the small things around them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { act, closeSimulator, deletedUploads, errorLine, ids, simulator } from '../__fixtures__/e2e.ts';
import { uid } from '../__fixtures__/ids.ts';
import { parseCriteria, criteriaQuery } from '../src/core/criteria/criteria.ts';
import type { SeedUpload, Simulator } from '../simulator/index.ts';

afterEach(closeSimulator);

const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const sorted = (list: readonly string[]) => [...list].sort();
const writes = (target: Simulator) => target.requests.filter((r) => r.method === 'DELETE' || r.method === 'POST');
/** The listing's pages (the library's count and the in_use cross-check are one-upload or one-page asks of their own). */
const listings = (target: Simulator) =>
  target.requests.filter(
    (r) =>
      r.method === 'GET' &&
      r.path === '/uploads' &&
      r.query['page[limit]'] === '500' &&
      r.query['filter[fields][in_use][eq]'] !== 'true',
  );
const warnings = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('::warning::'));

/** Five uploads, two of them tagged release-42, one in use. */
const FIVE: SeedUpload[] = [
  { id: uid('tagged1'), tags: ['release-42'] },
  { id: uid('tagged2'), tags: ['release-42'] },
  { id: uid('plain1') },
  { id: uid('plain2') },
  { id: uid('used1'), inUse: true },
];
const FIVE_IDS = FIVE.map((u) => u.id).join(',');

describe('a filter key can never drop a criterion', () => {
  const hostile = [
    ['{"tags":{"__proto__":"release-42"}}', /filter operator "__proto__" of tags is refused/],
    ['{"__proto__":{"contains":"release-42"}}', /filter field "__proto__" is refused/],
    ['{"__proto__":{"eq":"x"}}', /filter field "__proto__" is refused/],
    ['{"constructor":{"eq":"x"}}', /filter field "constructor" is refused/],
    ['{"tags":{"constructor":"x"}}', /filter operator "constructor" of tags is refused/],
    ['{"prototype":{"eq":"x"}}', /filter field "prototype" is refused/],
    ['{"tags":{"prototype":"x"}}', /filter operator "prototype" of tags is refused/],
    ['{"tags":{"contains":"release-42"},"tags":{"contains":"x"}}', /filter names "tags" twice in one object/],
  ] as const;

  it.each(hostile)('scope ids: refuses %s before any request', async (filter, message) => {
    const target = await simulator({ uploads: FIVE });
    const run = await act(target, { 'upload-ids': FIVE_IDS, filter });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(message);
    expect(target.requests).toEqual([]);
    expect(run.outputs).toEqual({});
    expect(FIVE.every((u) => target.uploadExists(u.id))).toBe(true);
  });

  it.each(hostile)('scope library with only-unused: refuses %s before any request', async (filter, message) => {
    const target = await simulator({ uploads: FIVE });
    const run = await act(target, { scope: 'library', 'only-unused': 'true', filter });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(message);
    expect(target.requests).toEqual([]);
  });

  it('sends every criterion given, each once, and deletes only what they select', async () => {
    const hit = uid('hit');
    const library: SeedUpload[] = [
      { id: hit, filename: 'a.jpg', tags: ['release-42'], createdAt: daysAgo(100) },
      { id: uid('wrongType'), filename: 'a.mp4', tags: ['release-42'], createdAt: daysAgo(100) },
      { id: uid('tooNew'), filename: 'a.jpg', tags: ['release-42'], createdAt: daysAgo(1) },
      { id: uid('used'), filename: 'a.jpg', tags: ['release-42'], createdAt: daysAgo(100), inUse: true },
      { id: uid('untagged'), filename: 'a.jpg', createdAt: daysAgo(100) },
    ];
    const inputs = {
      filter: '{"tags":{"contains":"release-42"},"type":{"eq":"image"},"size":{"gt":10}}',
      'only-unused': 'true',
      'older-than': '30d',
      query: 'a',
    };
    for (const scope of ['library', 'ids'] as const) {
      const target = await simulator({ uploads: library });
      const given: Record<string, string> = scope === 'ids' ? { 'upload-ids': library.map((u) => u.id).join(',') } : {};
      const run = await act(target, { scope, ...inputs, ...given });
      expect(run.code).toBe(0);
      expect(deletedUploads(target)).toEqual([hit]);
      const criteria = parseCriteria(
        { filter: inputs.filter, query: inputs.query, onlyUnused: true, olderThan: inputs['older-than'] },
        new Date(),
      );
      const expected = Object.keys(criteriaQuery(criteria)).sort();
      const [listing] = listings(target).filter((r) => r.query['page[limit]'] === '500');
      const sent = Object.keys(listing?.query ?? {}).filter(
        (key) => key.startsWith('filter[') && key !== 'filter[ids]',
      );
      expect(sent.sort()).toEqual(expected);
      expect(expected).toHaveLength(6);
      const cutoff = Date.parse(listing?.query['filter[fields][_created_at][lt]'] ?? '');
      expect(Math.abs(cutoff - (Date.now() - 30 * DAY))).toBeLessThan(60_000);
      await closeSimulator();
    }
  });
});

describe('a listing that never ends', () => {
  it('stops after its first page when total_count is above max-deletions, and fails at once', async () => {
    const target = await simulator({ uploads: FIVE, listing: 'endless' });
    const run = await act(target, { scope: 'library', 'only-unused': 'true', 'job-timeout': '60' });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(
      /1000000000000 uploads and tracks matched, more than max-deletions \(1000\): nothing was deleted/,
    );
    expect(listings(target)).toHaveLength(1);
    expect(writes(target)).toEqual([]);
    expect(run.outputs).toMatchObject({ selected: '1000000000000', successful: '0', failed: '0' });
  });

  it('in a dry run lists one page, and says how many matched in all', async () => {
    const target = await simulator({ uploads: FIVE, listing: 'endless' });
    const run = await act(target, { scope: 'library', 'only-unused': 'true', 'dry-run': 'true' });
    expect(run.code).toBe(0);
    expect(listings(target)).toHaveLength(1);
    expect(writes(target)).toEqual([]);
    expect(run.stdout).toContain(
      '::warning::1000000000000 uploads matched, more than max-deletions (1000): only the first 500 were listed',
    );
    expect(run.summary).toContain('<details><summary>480 more</summary>'); // 20 open, the rest folded
  });

  it('with a real library above the cap, reads only the first page', async () => {
    const many = Array.from({ length: 1200 }, (_, i) => ({ id: uid(`bulk${i}`), tags: ['bulk'] }));
    const target = await simulator({ uploads: many, rateLimit: false });
    const run = await act(target, { scope: 'library', query: 'bulk', 'max-deletions': '100' });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(/1200 uploads and tracks matched, more than max-deletions \(100\)/);
    expect(listings(target).map((r) => r.query['page[offset]'])).toEqual(['0']);
    expect(writes(target)).toEqual([]);
  });
});

describe('listings that are not what they claim', () => {
  it('selects each upload once when pages repeat, and says so', async () => {
    const uploads = Array.from({ length: 500 }, (_, i) => ({ id: uid(`rep${i}`) }));
    const target = await simulator({
      uploads: [...uploads, { id: uid('usedOne'), inUse: true }],
      listing: 'repeat-pages',
    });
    const run = await act(target, { scope: 'library', 'only-unused': 'true' });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ selected: '500', successful: '500', failed: '0' });
    expect(sorted(deletedUploads(target))).toEqual(sorted(uploads.map((u) => u.id)));
    expect(new Set(writes(target).flatMap((r) => r.query['filter[ids]']?.split(',') ?? [])).size).toBe(500);
    expect(writes(target).flatMap((r) => r.query['filter[ids]']?.split(',') ?? [])).toHaveLength(500);
    expect(listings(target)).toHaveLength(2);
    expect(warnings(run.stdout)).toContain(
      '::warning::the listing repeated 500 upload(s) (pages shifted or repeated): each is selected once',
    );
  });

  it.each([
    [
      'no-total-count',
      /GET \/uploads answered a list without a valid meta.total_count, which this action does not understand/,
    ],
    ['not-uploads', /GET \/uploads answered a data entry that is not an upload object \(entry 1\)/],
  ] as const)('fails on a listing with %s, deleting nothing', async (listing, message) => {
    const target = await simulator({ uploads: FIVE, listing });
    for (const inputs of [
      { scope: 'library', 'only-unused': 'true' } as Record<string, string>,
      { 'upload-ids': FIVE_IDS, 'only-unused': 'true' },
    ]) {
      const run = await act(target, inputs);
      expect(run.code).toBe(1);
      expect(errorLine(run)).toMatch(message);
      expect(run.outputs).toMatchObject({ selected: '0', successful: '0' });
    }
    expect(writes(target)).toEqual([]);
  });
});

describe('older-than that cannot be proven', () => {
  const library: SeedUpload[] = [
    { id: uid('oldDated'), createdAt: daysAgo(400) },
    { id: uid('oldNoDate'), createdAt: daysAgo(400), listedAttributes: { created_at: undefined } },
    { id: uid('oldBadDate'), createdAt: daysAgo(400), listedAttributes: { created_at: 'a while ago' } },
    { id: uid('oldNullDate'), createdAt: daysAgo(400), listedAttributes: { created_at: null } },
  ];

  it.each([
    ['library', { scope: 'library' }],
    ['ids', { 'upload-ids': library.map((u) => u.id).join(',') }],
  ])('scope %s: leaves out uploads whose created_at is missing or not a date', async (_scope, inputs) => {
    const target = await simulator({ uploads: library });
    const run = await act(target, { ...inputs, 'older-than': '90d' });
    expect(run.code).toBe(0);
    expect(deletedUploads(target)).toEqual([uid('oldDated')]);
    expect(run.outputs).toMatchObject({ selected: '1', successful: '1' });
    expect(run.stdout).toMatch(
      /::warning::3 listed upload\(s\) left out: created_at is missing or malformed, so _created_at lt \S+ cannot be proven/,
    );
  });
});

describe('small things', () => {
  it('on SIGTERM as soon as the action starts, still writes outputs and a summary', async () => {
    const target = await simulator({ uploads: 3 });
    // However late the signal lands, the deletion is still on its way: nothing can be deleted.
    target.inject({ match: { method: 'DELETE' }, delayMs: 10_000 });
    const run = await act(
      target,
      { 'upload-ids': ids(0, 3).join(',') },
      {
        onStart: (child) => child.stdout?.once('data', () => child.kill('SIGTERM')),
      },
    );
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(
      /::error::Cancelled by SIGTERM after 0 deletion\(s\) were confirmed: re-run the step/,
    );
    expect(run.outputs).toMatchObject({ successful: '0', failed: '0', 'job-ids': '' });
    expect(run.summary).toContain('Cancelled by SIGTERM');
    expect(target.deletions).toEqual([]);
  });

  it('names the jobs already started when a later submission is refused', async () => {
    const target = await simulator({ uploads: 600, jobLatencyMs: 300 });
    target.inject({
      match: { method: 'DELETE', path: '/uploads/batch-destroy' },
      after: 2,
      status: 401,
      contentType: 'application/json',
      body: JSON.stringify({
        data: [{ id: '1', type: 'api_error', attributes: { code: 'INVALID_AUTHORIZATION_HEADER' } }],
      }),
    });
    const run = await act(target, { 'upload-ids': ids(0, 600).join(',') });
    expect(run.code).toBe(1);
    const started = run.outputs['job-ids']?.split(',') ?? [];
    expect(started).toHaveLength(2);
    expect(errorLine(run)).toMatch(
      new RegExp(
        `The API token is invalid .*\\(job\\(s\\) ${started.join(', ')} were started before this error and may still complete on DatoCMS`,
      ),
    );
    expect(run.summary).toContain('Still running:');
  });

  it.each([
    ['api-token', 'tök-en', /::error::api-token holds whitespace, control or non-ASCII characters/],
    ['api-token', 'tok\u00a0en', /::error::api-token holds whitespace, control or non-ASCII characters/],
    ['job-timeout', '0.0001', /::error::job-timeout is "0.0001": expected a number of seconds from 1 to 21600/],
  ])('refuses %s %j before any request', async (name, value, message) => {
    const target = await simulator({ uploads: 3 });
    const run = await act(target, { 'upload-ids': ids(0, 3).join(','), [name]: value });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(message);
    expect(target.requests).toEqual([]);
    if (name === 'api-token') expect(run.stdout.replace(/^::add-mask::.*$/gm, '')).not.toContain(value);
  });
});
