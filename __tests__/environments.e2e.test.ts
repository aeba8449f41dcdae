/**
 * End-to-end: what the real API says about environments and tracks, and array filters. The
 * target environment is looked up and named before anything is selected; tracks the API will not
 * delete in a sandbox are failed items, not the end of the run.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { act, closeSimulator, deletedUploads, errorLine, ids, simulator } from '../__fixtures__/e2e.ts';
import { uid } from '../__fixtures__/ids.ts';
import type { Simulator } from '../simulator/index.ts';

afterEach(closeSimulator);

const SANDBOX_REASON = 'tracks cannot be deleted in a sandbox';
const SANDBOX_WORDS = 'upload tracks cannot be deleted in a sandbox environment; run against the primary environment';
const firstLog = (stdout: string) => stdout.split('\n').find((line) => line !== '' && !line.startsWith('::')) ?? '';
const deletionRequests = (target: Simulator) => target.requests.filter((r) => r.method !== 'GET');
const UP1 = uid('up1');
const UP2 = uid('up2');
const VID = uid('vid');
const video = { id: VID, tracks: [{ id: 'en' }, { id: 'fr' }] };

describe('tracks in a sandbox', () => {
  it.each([
    ['refused at once', 'refuse'],
    ['refused by their job', 'refuse-in-job'],
  ] as const)(
    'are failed items when %s, while the uploads of the same run are deleted',
    async (_name, sandboxTracks) => {
      const target = await simulator({
        uploads: [{ id: UP1 }, { id: UP2 }, video],
        environments: ['staging'],
        sandboxTracks,
      });
      const run = await act(target, {
        'upload-ids': `${UP1},${UP2}`,
        'upload-tracks': `${VID}/en,${VID}/fr`,
        environment: 'staging',
      });
      expect(run.code).toBe(0);
      expect(run.outputs).toMatchObject({
        successful: '2',
        failed: '2',
        'failed-ids': `${VID}/en,${VID}/fr`,
        environment: 'staging',
      });
      expect(deletedUploads(target)).toEqual([UP1, UP2]);
      expect(target.trackExists(VID, 'en', 'staging')).toBe(true);
      expect(run.summary).toContain(`- ${SANDBOX_REASON} (2): \`${VID}/en\`, \`${VID}/fr\``);
      expect(run.stdout).toContain(SANDBOX_WORDS);
      expect(run.summary).toContain(`2 track(s) were refused: ${SANDBOX_WORDS}.`);
    },
  );

  it('are deleted in the primary', async () => {
    const target = await simulator({ uploads: [video], environments: ['staging'] });
    const run = await act(target, { 'upload-tracks': `${VID}/en` });
    expect(run.outputs).toMatchObject({ successful: '1', failed: '0' });
  });
});

describe('the target environment', () => {
  it('is named for the primary by its real ID, in the first log line, the summary and the output', async () => {
    const target = await simulator({ uploads: 2, primaryEnvironment: 'main', environments: ['staging'] });
    const run = await act(target, { 'upload-ids': ids(0, 2).join(',') });
    expect(run.code).toBe(0);
    expect(firstLog(run.stdout)).toMatch(/^Target: primary environment `main` at http:\/\/127\.0\.0\.1:\d+$/);
    expect(run.summary).toContain('- Environment: primary environment `main`');
    expect(run.outputs.environment).toBe('main');
    expect(target.requests[0]).toMatchObject({ method: 'GET', path: '/environments' });
  });

  it('is named as the primary when the input names the primary by its ID', async () => {
    const target = await simulator({ uploads: 2, primaryEnvironment: 'production' });
    const run = await act(target, { 'upload-ids': ids(0, 2).join(','), environment: 'production' });
    expect(firstLog(run.stdout)).toMatch(/^Target: primary environment `production` at/);
    expect(target.deletions.map((d) => d.environment)).toEqual(['primary', 'primary']);
  });

  it('is named as a sandbox', async () => {
    const target = await simulator({ uploads: 2, environments: ['staging-2026'] });
    const run = await act(target, {
      'upload-ids': ids(0, 2).join(','),
      environment: 'staging-2026',
      'dry-run': 'true',
    });
    expect(firstLog(run.stdout)).toMatch(/^Target: sandbox environment `staging-2026` at/);
    expect(run.summary).toContain('- Environment: sandbox environment `staging-2026`');
    expect(run.outputs.environment).toBe('staging-2026');
  });

  it('that does not exist fails before any deletion, listing the ones that do', async () => {
    const target = await simulator({ uploads: 2, environments: ['staging-2026'] });
    const run = await act(target, { 'upload-ids': ids(0, 2).join(','), environment: 'stagin-2026' });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toBe(
      '::error::environment stagin-2026 does not exist in this project (GET /environments/stagin-2026 answered 404): nothing was deleted; the environments are: main (primary), staging-2026: fix the environment input, or leave it empty for the primary environment',
    );
    expect(deletionRequests(target)).toEqual([]);
    expect(run.outputs).toMatchObject({ successful: '0', failed: '0', environment: 'stagin-2026' });
    expect(run.summary).toContain(
      '- Environment: environment `stagin-2026` (not confirmed: GET /environments/stagin-2026 answered 404)',
    );
  });

  it('in read-only mode fails before any deletion', async () => {
    const target = await simulator({ uploads: 2, environments: ['frozen'], readOnlyEnvironments: ['frozen'] });
    const run = await act(target, { 'upload-ids': ids(0, 2).join(','), environment: 'frozen' });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(
      /^::error::sandbox environment `frozen` is in read-only mode, so the API would refuse every deletion: nothing was deleted/,
    );
    expect(deletionRequests(target)).toEqual([]);
  });

  it.each([
    ['refuses to list environments', 'refused', undefined, /GET \/environments answered 403 INSUFFICIENT_PERMISSIONS/],
    ['does not show the primary', 'sandboxes-only', undefined, /GET \/environments does not list the primary/],
    [
      'refuses to show the sandbox',
      'refused',
      'staging',
      /GET \/environments\/staging answered 403 INSUFFICIENT_PERMISSIONS/,
    ],
  ] as const)(
    'is not confirmed when the token %s: a warning, and the run goes on',
    async (_name, lookup, environment, why) => {
      const target = await simulator({ uploads: 2, environments: ['staging'], environmentLookup: lookup });
      const run = await act(target, { 'upload-ids': ids(0, 2).join(','), ...(environment ? { environment } : {}) });
      expect(run.code).toBe(0);
      expect(run.outputs).toMatchObject({ successful: '2', environment: environment ?? '' });
      const warning = run.stdout.split('\n').find((line) => line.startsWith('::warning::Environment not confirmed'));
      expect(warning).toMatch(why);
      expect(run.summary).toMatch(/- Environment: .*\(not confirmed: /);
    },
  );
});

describe('array filters', () => {
  const [A, B, C, D] = [uid('a'), uid('b'), uid('c'), uid('d')];
  const library = [
    { id: A, tags: ['release-41'] },
    { id: B, tags: ['release-42', 'hero'] },
    { id: C, tags: ['release-43'] },
    { id: D, tags: ['release-41'], inUse: true },
  ];

  it('are sent as KEY[] once per value, and select what they should', async () => {
    const target = await simulator({ uploads: library });
    const run = await act(target, {
      scope: 'library',
      filter: '{"tags":{"any_in":["release-41","release-42"]}}',
      'only-unused': 'true',
    });
    expect(run.code).toBe(0);
    expect(deletedUploads(target).sort()).toEqual([A, B]);
    const listing = target.requests.find((r) => r.path === '/uploads' && r.query['filter[ids]'] === undefined);
    expect(new URLSearchParams(listing?.search).getAll('filter[fields][tags][any_in][]')).toEqual([
      'release-41',
      'release-42',
    ]);
    expect(run.summary).toContain('tags any\\_in \\["release-41","release-42"\\]');
  });

  it.each([
    [
      'a list where one value is expected',
      '{"tags":{"contains":["a","b"]}}',
      /filter tags.contains is a list, but contains of tags takes one value/,
    ],
    [
      'one value where a list is expected',
      '{"tags":{"any_in":"release-41"}}',
      /filter tags.any_in takes a list of strings or numbers/,
    ],
    ['an empty list', '{"tags":{"any_in":[]}}', /filter tags.any_in is an empty list/],
    ['a list in a list', '{"tags":{"all_in":[["a"]]}}', /filter tags.all_in\[0\] is an array/],
  ])('refuse %s before any request', async (_name, filter, message) => {
    const target = await simulator({ uploads: library });
    const run = await act(target, { scope: 'library', filter });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(message);
    expect(target.requests).toEqual([]);
  });
});

describe('what an attack on environments found', () => {
  const json = (status: number, code: string) => ({
    status,
    contentType: 'application/json',
    body: JSON.stringify({ data: [{ type: 'api_error', attributes: { code } }] }),
  });

  it.each([403, 401, 404])(
    'counts a track refused with the sandbox code and status %i as failed, and waits for the uploads',
    async (status) => {
      const target = await simulator({ uploads: [{ id: UP1 }, video], environments: ['staging'] });
      target.inject({
        match: { method: 'DELETE', path: `/uploads/${VID}/tracks/` },
        times: 2,
        ...json(status, 'IMMUTABLE_UPLOAD_TRACKS_IN_SANDBOX_ENVIRONMENT'),
      });
      const run = await act(target, { 'upload-ids': UP1, 'upload-tracks': `${VID}/*`, environment: 'staging' });
      expect(run.code).toBe(0);
      expect(run.outputs).toMatchObject({ successful: '1', failed: '2', 'failed-ids': `${VID}/en,${VID}/fr` });
      expect(run.summary).toContain(`- ${SANDBOX_REASON} (2)`);
    },
  );

  it.each([
    [
      '403 INVALID_ENVIRONMENT',
      403,
      'INVALID_ENVIRONMENT',
      /the environment staging does not exist: nothing was deleted/,
    ],
    ['401 ENVIRONMENT_IN_READ_ONLY_MODE', 401, 'ENVIRONMENT_IN_READ_ONLY_MODE', /is in read-only mode/],
  ])('stops before any deletion when the lookup answers %s', async (_name, status, code, message) => {
    const target = await simulator({ uploads: 2, environments: ['staging'] });
    target.inject({ match: { path: '/environments/staging' }, ...json(status, code) });
    const run = await act(target, { 'upload-ids': ids(0, 2).join(','), environment: 'staging' });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(message);
    expect(deletionRequests(target)).toEqual([]);
  });

  it('names the primary in the outputs when it is read-only', async () => {
    const target = await simulator({ uploads: 2, readOnlyEnvironments: ['main'] });
    const run = await act(target, { 'upload-ids': ids(0, 2).join(',') });
    expect(run.code).toBe(1);
    expect(run.outputs.environment).toBe('main');
    expect(run.summary).toContain('- Environment: primary environment `main`');
  });

  it.each([
    [
      'two primaries',
      { data: ['main', 'other'].map((id) => ({ type: 'environment', id, meta: { primary: true } })) },
      /2 primary environments/,
    ],
    [
      'read_only_mode that is not a boolean',
      { data: [{ type: 'environment', id: 'main', meta: { primary: true, read_only_mode: 'true' } }] },
      /an entry that is not an environment \(entry 1\)/,
    ],
  ])('refuses a list with %s', async (_name, body, message) => {
    const target = await simulator({ uploads: 2 });
    target.inject({
      match: { path: '/environments' },
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify(body),
    });
    const run = await act(target, { 'upload-ids': ids(0, 2).join(',') });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(message);
    expect(deletionRequests(target)).toEqual([]);
  });

  it('refuses a lookup that answers for another environment', async () => {
    const target = await simulator({ uploads: 2, environments: ['staging'] });
    const other = { data: { type: 'environment', id: 'production', meta: { primary: true } } };
    target.inject({
      match: { path: '/environments/staging' },
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify(other),
    });
    const run = await act(target, { 'upload-ids': ids(0, 2).join(','), environment: 'staging' });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(/GET \/environments\/staging answered environment production instead/);
    expect(deletionRequests(target)).toEqual([]);
  });

  it('does not take a job result answered 404 INVALID_ENVIRONMENT for a job still running', async () => {
    const target = await simulator({ uploads: 2, jobLatencyMs: 0 });
    target.inject({ match: { method: 'GET', path: '/job-results/' }, ...json(404, 'INVALID_ENVIRONMENT') });
    const run = await act(target, { 'upload-ids': ids(0, 2).join(','), 'job-timeout': '30' });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(/GET \/job-results\/1 answered 404 INVALID_ENVIRONMENT/);
  });
});
