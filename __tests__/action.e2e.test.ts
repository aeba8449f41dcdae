/**
 * End-to-end: the bundle, run as the GitHub runner runs it, against the simulator. Each test
 * checks what a user would: the exit code, the outputs, the summary, the log, and what the
 * simulator saw deleted (exactly what was asked, nothing else).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { act, closeSimulator, deletedUploads, errorLine, ids, simulator, TOKEN } from '../__fixtures__/e2e.ts';
import { uid } from '../__fixtures__/ids.ts';
import { runAction } from '../scripts/run-action.ts';
import { uploadId } from '../simulator/index.ts';

afterEach(closeSimulator);

describe('deleting uploads', () => {
  it('deletes exactly the listed uploads in chunks of at most 200 and reports the counts', async () => {
    const target = await simulator({ uploads: 600 });
    const wanted = ids(50, 500);
    const run = await act(target, { 'upload-ids': wanted.join(',\n') });

    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ successful: '450', failed: '0' });
    expect(deletedUploads(target).sort()).toEqual([...wanted].sort());
    const batches = target.requests.filter((r) => r.path === '/uploads/batch-destroy');
    expect(batches.map((r) => r.query['filter[ids]']?.split(',').length)).toEqual([200, 200, 50]);
    expect(run.outputs['job-ids']?.split(',').sort()).toEqual(
      target
        .jobs()
        .map((j) => j.id)
        .sort(),
    );
    expect(run.summary).toContain('| Uploads | 450 | 450 | 0 |');
  });

  it('ignores duplicates and accepts commas, spaces and newlines', async () => {
    const target = await simulator({ uploads: 5 });
    const run = await act(target, { 'upload-ids': `${uploadId(1)}, ${uploadId(2)}\n${uploadId(1)}  ${uploadId(3)}` });
    expect(run.outputs).toMatchObject({ successful: '3', failed: '0' });
    expect(target.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
  });

  it('counts unknown IDs as failed, warns, and passes unless fail-on-failed is true', async () => {
    const target = await simulator({ uploads: 3 });
    const inputs = { 'upload-ids': `${uploadId(0)},${uploadId(1)},${uid('missing1')}` };
    const run = await act(target, inputs);
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ successful: '2', failed: '1' });
    expect(run.stdout).toMatch(/::warning::1 of 3 deletion\(s\) failed/);
    expect(run.summary).toContain('**1 not deleted**');

    const strict = await act(target, { ...inputs, 'fail-on-failed': 'true' });
    expect(strict.code).toBe(1);
    expect(errorLine(strict)).toMatch(/3 deletion\(s\) failed and fail-on-failed is true/);
    expect(strict.outputs).toMatchObject({ failed: '3' });
  });

  it('counts every upload of a failed job as failed', async () => {
    const target = await simulator({ uploads: 4 });
    target.inject({ match: { path: '/uploads/batch-destroy' }, jobStatus: 500 });
    const run = await act(target, { 'upload-ids': ids(0, 4).join(',') });
    expect(run.outputs).toMatchObject({ successful: '0', failed: '4' });
    expect(run.summary).toMatch(/failed with status 500/);
    expect(target.deletions).toEqual([]);
  });

  it('switches to POST /uploads/bulk/destroy when batch-destroy no longer exists, and says so', async () => {
    const target = await simulator({ uploads: 450, batchDestroy: false });
    const run = await act(target, { 'upload-ids': ids(0, 450).join(',') });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ successful: '450', failed: '0' });
    expect(run.stdout).toMatch(/batch-destroy answered 404.*switching to POST \/uploads\/bulk\/destroy/);
    const bulk = target.requests.filter((r) => r.path === '/uploads/bulk/destroy');
    expect(bulk).toHaveLength(3);
    expect(bulk.every((r) => r.headers['content-type'] === 'application/json')).toBe(true);
    expect(deletedUploads(target)).toHaveLength(450);
    expect(run.summary).toContain('bulk/destroy');
  });

  it('succeeds with 0/0 and sends no deletion when nothing is selected', async () => {
    const target = await simulator({ uploads: 3 });
    const run = await act(target, { 'upload-ids': ' ,\n ', 'upload-tracks': '' });
    expect(run.code).toBe(0);
    expect(run.outputs).toEqual({
      successful: '0',
      failed: '0',
      'job-ids': '',
      'failed-ids': '',
      selected: '0',
      environment: '',
      'report-file': expect.stringMatching(/datocms-media-cleanup-report\.json$/) as string,
      'id-map': '',
      skipped: '0',
      'report-sha256': expect.stringMatching(/^[0-9a-f]{64}$/) as string,
      'comment-url': '',
    });
    expect(target.requests).toEqual([]);
    expect(run.summary).toContain('Nothing to delete');
  });
});

describe('deleting tracks', () => {
  const [A, B, C] = [uid('upA'), uid('upB'), uid('upC')];
  const library = [
    { id: A, tracks: [{ id: 'trA1' }, { id: 'trA2' }] },
    { id: B, tracks: [{ id: 'trB1' }] },
  ];

  it('deletes each listed track, counts 404 and failed jobs as failed', async () => {
    const target = await simulator({ uploads: library });
    target.inject({ match: { path: `/uploads/${B}/tracks/trB1` }, jobStatus: 422 });
    const run = await act(target, { 'upload-tracks': `${A}/trA1\n${A}/nope ${B}/trB1` });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ successful: '1', failed: '2' });
    expect(target.deletions).toEqual([expect.objectContaining({ kind: 'track', uploadId: A, trackId: 'trA1' })]);
    expect(target.trackExists(A, 'trA2')).toBe(true);
    expect(run.summary).toContain('| Upload tracks | 3 | 1 | 2 |');
    expect(run.summary).toContain(`${A.replaceAll('_', '\\_')}/nope was not found`); // notes escape Markdown
  });

  it('deletes uploads and tracks in one run', async () => {
    const target = await simulator({ uploads: [...library, { id: C }] });
    const run = await act(target, { 'upload-ids': C, 'upload-tracks': `${A}/trA2` });
    expect(run.outputs).toMatchObject({ successful: '2', failed: '0' });
    expect(run.outputs['job-ids']?.split(',')).toHaveLength(2);
  });
});

describe('jobs', () => {
  it('submits every chunk before the first job is done, and polls within a second', async () => {
    const target = await simulator({ uploads: 1000, jobLatencyMs: 800 });
    const run = await act(target, { 'upload-ids': ids(0, 1000).join(',') });
    expect(run.outputs).toMatchObject({ successful: '1000' });
    const submissions = target.requests.filter((r) => r.method === 'DELETE');
    const polls = target.requests.filter((r) => r.path.startsWith('/job-results/'));
    const firstDone = polls.find((r) => r.status === 200);
    expect(submissions).toHaveLength(5);
    expect(Math.max(...submissions.map((r) => r.time))).toBeLessThan(firstDone?.time ?? 0);
    expect((polls[0]?.time ?? Infinity) - (submissions[0]?.time ?? 0)).toBeLessThan(1000);
  });

  it('fails on job-timeout naming the pending jobs, with the outputs written', async () => {
    const target = await simulator({ uploads: 300 });
    // One job finishes, the other never does. The timeout leaves room for the 3 s that jobs wait
    // at most for the first one of the run to tell how long jobs take.
    target.inject({ match: { path: '/uploads/batch-destroy' }, jobLatencyMs: 1e9 });
    const run = await act(target, { 'upload-ids': ids(0, 300).join(','), 'job-timeout': '3.5' });
    expect(run.code).toBe(1);
    const stuck = target.jobs().find((j) => !j.done)?.id ?? 'none';
    expect(errorLine(run)).toMatch(new RegExp(`1 job\\(s\\) still running after job-timeout \\(3.5 s\\): ${stuck};`));
    expect(run.outputs.successful).toMatch(/^(100|200)$/);
    expect(run.outputs.failed).toBe('0');
    expect(run.outputs['job-ids']?.split(',')).toHaveLength(2);
    expect(run.summary).toContain(`Still running: \`${stuck}\``);
  });
});

describe('fatal errors', () => {
  it('says the token is invalid on 401, stops, and still writes the outputs', async () => {
    const target = await simulator({ uploads: 3 });
    const run = await runAction({
      'api-token': 'wrong-token',
      'base-url': target.url,
      'upload-ids': ids(0, 3).join(','),
    });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(
      /The API token is invalid.*401 INVALID_AUTHORIZATION_HEADER.*check the api-token secret/,
    );
    expect(run.outputs).toEqual({
      successful: '0',
      failed: '0',
      'job-ids': '',
      'failed-ids': '',
      selected: '0', // the token failed the environment lookup, before anything was selected
      environment: '',
      'report-file': expect.stringMatching(/datocms-media-cleanup-report\.json$/) as string,
      'id-map': '',
      skipped: '0',
      'report-sha256': expect.stringMatching(/^[0-9a-f]{64}$/) as string,
      'comment-url': '',
    });
    expect(run.summary).toContain(':x: **Failed:**');
    expect(target.deletions).toEqual([]);
  });

  it("says the token's role may not delete uploads on 403", async () => {
    const target = await simulator({ uploads: 500, forbiddenTokens: ['read-only-token'] });
    const run = await runAction({
      'api-token': 'read-only-token',
      'base-url': target.url,
      'upload-ids': ids(0, 500).join(','),
    });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(/role may not delete uploads.*403 INSUFFICIENT_PERMISSIONS/);
    expect(run.outputs).toMatchObject({ successful: '0' });
    expect(target.deletions).toEqual([]);
  });

  it('fails on a server error with one line naming the request', async () => {
    const target = await simulator({ uploads: 3 });
    target.inject({
      match: { path: '/uploads/batch-destroy' },
      status: 500,
      contentType: 'application/json',
      body: JSON.stringify({ data: [{ id: 'x', type: 'api_error', attributes: { code: 'INTERNAL_ERROR' } }] }),
    });
    const run = await act(target, { 'upload-ids': ids(0, 3).join(',') });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(/DELETE \/uploads\/batch-destroy answered 500 INTERNAL_ERROR/);
    expect(run.outputs).toMatchObject({ successful: '0', failed: '0' });
  });

  it('fails on a network failure with one line naming the request', async () => {
    const target = await simulator();
    const closedUrl = target.url;
    await closeSimulator();
    const run = await runAction({ 'api-token': TOKEN, 'base-url': closedUrl, 'upload-ids': uid('abc') });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(/GET \/environments failed: ECONNREFUSED.*check base-url/);
    expect(run.outputs).toMatchObject({ successful: '0', failed: '0' });
  });
});

describe('input validation', () => {
  it.each([
    [
      'upload-ids',
      `${uid('good1')},${uid('bad')} id!`,
      /upload-ids entry "id!" is not an upload ID \(22 characters of A-Z, a-z, 0-9, _ and -/,
    ],
    // Longer than 16 characters: quoted by its first 4 and its length.
    [
      'upload-tracks',
      'upA-without-track',
      /upload-tracks entry "upA-\.\.\." \(17 characters\) is not of the form UPLOAD_ID\/TRACK_ID/,
    ],
    ['environment', 'Prod Env', /environment "Prod Env" is not a DatoCMS environment ID/],
    ['job-timeout', 'ten', /job-timeout is "ten"/],
    ['fail-on-failed', 'maybe', /fail-on-failed is "maybe"/],
  ])('refuses a bad %s before any request', async (name, value, message) => {
    const target = await simulator({ uploads: 3 });
    const run = await act(target, { 'upload-ids': uploadId(0), [name]: value });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(message);
    expect(target.requests).toEqual([]);
    expect(run.outputs).toEqual({});
  });

  it('refuses plain http to a host that is not loopback, before any request', async () => {
    const run = await runAction({ 'api-token': TOKEN, 'base-url': 'http://example.com', 'upload-ids': uid('a') });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(/base-url "http:\/\/example.com" must use https/);
  });

  it('masks the token before anything else is printed', async () => {
    const target = await simulator({ uploads: 1 });
    const run = await act(target, { 'upload-ids': uploadId(0) });
    expect(run.stdout.split('\n')[0]).toBe(`::add-mask::${TOKEN}`);
  });
});

describe('environment, headers and reporting', () => {
  it('targets the sandbox on every request and logs it first', async () => {
    const target = await simulator({ uploads: 2, environments: ['staging'] });
    const run = await act(target, { 'upload-ids': ids(0, 2).join(','), environment: 'staging' });
    expect(run.outputs).toMatchObject({ successful: '2' });
    // Every request but the environment lookup, which is about the project.
    const scoped = target.requests.filter((r) => !r.path.startsWith('/environments'));
    expect(scoped.length).toBeGreaterThan(0);
    expect(scoped.every((r) => r.headers['x-environment'] === 'staging')).toBe(true);
    expect(target.requests[0]).toMatchObject({ path: '/environments/staging' });
    expect(target.requests[0]?.headers).not.toHaveProperty('x-environment');
    expect(target.uploadExists(uploadId(0), 'staging')).toBe(false);
    expect(target.uploadExists(uploadId(0))).toBe(true);
    const firstLog = run.stdout.split('\n').find((line) => !line.startsWith('::'));
    expect(firstLog).toMatch(/^Target: sandbox environment `staging` at http:\/\/127\.0\.0\.1:\d+$/);
    expect(run.summary).toContain('Environment: sandbox environment `staging`');
    expect(run.outputs.environment).toBe('staging');
  });

  it('sends no X-Environment for the primary environment, and the documented headers', async () => {
    const target = await simulator({ uploads: 1 });
    await act(target, { 'upload-ids': uploadId(0) });
    for (const request of target.requests) {
      expect(request.headers).not.toHaveProperty('x-environment');
      expect(request.headers).toMatchObject({
        authorization: `Bearer ${TOKEN}`,
        accept: 'application/json',
        'x-api-version': '3',
        'user-agent': expect.stringMatching(/^datocms-media-cleanup-action\/\d+\.\d+\.\d+$/) as string,
      });
    }
  });

  it('logs progress without flooding on a large run, and skips the summary without a summary file', async () => {
    // 5,000 IDs: the runner passes an input as an environment variable, which Linux caps at 128 KiB.
    const target = await simulator({ uploads: 5000, rateLimit: false });
    const run = await act(
      target,
      { 'upload-ids': ids(0, 5000).join('\n'), 'max-deletions': '5000' },
      { noSummary: true },
    );
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ successful: '5000', failed: '0' });
    expect(run.stdout.split('\n').length).toBeLessThan(40);
    expect(run.stdout).toMatch(/Submitted 200 upload\(s\): job \S+ \(25\/25\)/);
    expect(run.stdout).toMatch(/done: 200 deleted, 0 failed \(25\/25\)/);
  });
});
