/**
 * End-to-end: answers that are hostile or broken, as a review of the built bundle found them.
 * Text from the API never becomes a workflow command or a shell word, no answer is read past
 * its size, lists are parsed strictly, and a deletion sent without an answer is named.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  act,
  closeSimulator,
  deletedUploads,
  errorLine,
  ids,
  reportOf,
  simulator,
  TOKEN,
} from '../__fixtures__/e2e.ts';
import { uid } from '../__fixtures__/ids.ts';
import { uploadId, type Simulator } from '../simulator/index.ts';

afterEach(closeSimulator);

const json = (status: number, body: unknown) => ({
  status,
  contentType: 'application/json',
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
/** Workflow commands in the log: only the action's own may be there. */
const commands = (stdout: string) => stdout.split('\n').filter((line) => /^::[a-z-]+/.test(line));

describe('text from the API is not trusted', () => {
  it.each([
    ['a workflow command', 'J1\n::error title=Injected::forged\n::set-output name=successful::999'],
    ['a shell word', '1";touch /tmp/pwned;echo "'],
    ['a path', '../uploads/batch-destroy?filter[ids]=zzz'],
  ])('refuses a job ID holding %s', async (_name, jobId) => {
    const target = await simulator({ uploads: 2 });
    target.inject({ match: { path: '/uploads/batch-destroy' }, ...json(202, { data: { type: 'job', id: jobId } }) });
    const run = await act(target, { 'upload-ids': ids(0, 2).join(',') });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(
      /DELETE \/uploads\/batch-destroy answered 202 with a job ID that is not one, which this action does not understand/,
    );
    expect(run.outputs['job-ids']).toBe('');
    expect(commands(run.stdout).filter((line) => line.includes('Injected') || line.includes('set-output'))).toEqual([]);
    expect(run.summary).not.toContain('touch');
  });

  it('does not print an error code that is not a code', async () => {
    const target = await simulator({ uploads: 2 });
    const code = `X\n::error title=Injected::forged ${'A'.repeat(10_000)}`;
    target.inject({
      match: { path: '/uploads/batch-destroy' },
      ...json(422, { data: [{ type: 'api_error', attributes: { code } }] }),
    });
    const run = await act(target, { 'upload-ids': ids(0, 2).join(',') });
    expect(run.code).toBe(1);
    expect(commands(run.stdout).filter((line) => line.includes('Injected'))).toEqual([]);
    expect(run.stdout).not.toContain('AAAAAAAAAA');
    expect(run.summary).not.toContain('AAAAAAAAAA');
  });
});

describe('answers are read no further than their size allows', () => {
  it('fails on a listing page of more than 16 MiB, unread', async () => {
    const target = await simulator({ uploads: 2 });
    const huge = { data: [], meta: { total_count: 0 }, pad: 'x'.repeat(17 * 1024 * 1024) };
    target.inject({ match: { method: 'GET', path: '/uploads' }, ...json(200, huge) });
    const run = await act(target, { scope: 'library', 'only-unused': 'true' });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(
      /GET \/uploads answered a body of more than 16 MiB, or more than 48 MiB with the answers read at the same time \(not read further\)/,
    );
  });

  it('fails on a job result of more than 1 MiB, deleting nothing more', async () => {
    const target = await simulator({ uploads: 2, jobLatencyMs: 0 });
    target.inject({ match: { path: '/job-results/' }, ...json(200, { pad: 'x'.repeat(2 * 1024 * 1024) }) });
    const run = await act(target, { 'upload-ids': ids(0, 2).join(',') });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(/GET \/job-results\/1 answered a body of more than 1 MiB/);
  });
});

describe('track lists are parsed strictly', () => {
  const VID = uid('vid');
  const OTHER = uid('other');
  it.each([
    ['null', { data: [null] }],
    ['an upload', { data: [{ type: 'upload', id: OTHER }] }],
    ['a track without an ID', { data: [{ type: 'upload_track', attributes: {} }] }],
  ])('fails on an entry that is %s, deleting nothing', async (_name, body) => {
    const target = await simulator({ uploads: [{ id: VID, tracks: [{ id: 'en' }] }, { id: OTHER }] });
    target.inject({ match: { method: 'GET', path: `/uploads/${VID}/tracks` }, ...json(200, body) });
    const run = await act(target, { 'upload-tracks': `${VID}/*` });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain(
      `GET /uploads/${VID}/tracks answered a data entry that is not an upload track (entry 1)`,
    );
    expect(target.deletions).toEqual([]);
  });
});

describe('an answer that echoes the token', () => {
  it('as a job ID: the outputs and the summary show ***, the report redacted', async () => {
    const target = await simulator({ uploads: 2 });
    target.inject({ match: { path: '/uploads/batch-destroy' }, ...json(202, { data: { type: 'job', id: TOKEN } }) });
    const run = await act(target, { 'upload-ids': ids(0, 2).join(','), 'job-timeout': '2' });
    // act() has checked that the token is nowhere but in the ::add-mask:: line.
    expect(run.outputs['job-ids']).toBe('***');
    expect(run.summary).toContain('`***`');
    expect(run.reportText).toContain('"id":"redacted"');
  });
});

describe('a deletion sent without an answer', () => {
  it('is named when job-timeout runs out before its answer', async () => {
    const target = await simulator({ uploads: 2 });
    target.inject({ match: { path: '/uploads/batch-destroy' }, delayMs: 10_000 });
    const run = await act(target, { 'upload-ids': ids(0, 2).join(','), 'job-timeout': '1' });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain(
      `1 deletion request(s) were sent without an answer and may still take effect: DELETE /uploads/batch-destroy for 2 upload(s) (${uploadId(0)}, ${uploadId(1)})`,
    );
    expect(run.summary).toContain('Sent without an answer (may still take effect): DELETE /uploads/batch-destroy');
    expect(reportOf(run).items.map((item) => [item.id, item.fate, item.reason])).toEqual(
      ids(0, 2).map((id) => [id, 'pending', 'sent, but the run ended before an answer: it may still take effect']),
    );
  });
});

describe('listed dates', () => {
  it('prove older-than only with an offset and a real day', async () => {
    const old = '2020-01-01T00:00:00.000Z';
    const [NO_OFFSET, NO_DAY] = [uid('noOffset'), uid('noDay')];
    const target = await simulator({
      uploads: [
        { id: uid('dated'), createdAt: old },
        { id: NO_OFFSET, createdAt: old, listedAttributes: { created_at: '2020-01-01T05:00:00' } },
        { id: NO_DAY, createdAt: old, listedAttributes: { created_at: '2019-06-31T00:00:00Z' } },
        { id: uid('offset'), createdAt: old, listedAttributes: { created_at: '2020-01-01T05:00:00+02:00' } },
      ],
    });
    const run = await act(target, { scope: 'library', 'older-than': '90d' });
    expect(run.outputs).toMatchObject({ selected: '2', successful: '2' });
    expect(target.uploadExists(NO_OFFSET)).toBe(true);
    expect(target.uploadExists(NO_DAY)).toBe(true);
    expect(run.stdout).toMatch(/2 listed upload\(s\) left out: created_at is missing or malformed/);
  });
});

describe('lookups of what still exists', () => {
  it('refuse a page shorter than its own total_count, rather than count the rest gone', async () => {
    const target = await simulator({ uploads: 200, inUseUploads: 'refuse-request' });
    const used = uid('used');
    target.addUpload({ id: used, inUse: true });
    const short = { data: [{ type: 'upload', id: uploadId(0), attributes: {} }], meta: { total_count: 150 } };
    target.inject({ match: { method: 'GET', path: '/uploads' }, ...json(200, short) });
    const run = await act(target, { 'upload-ids': [...ids(0, 199), used].join(',') });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(
      /GET \/uploads answered 1 of the 150 uploads its total_count announced for 200 IDs asked, which this action does not understand/,
    );
    expect(run.outputs).toMatchObject({ successful: '0', failed: '0' });
    expect(target.deletions).toEqual([]);
  });
});

describe('the batch-destroy route', () => {
  it('is not taken for gone after it answered about the uploads', async () => {
    // 450 uploads: chunk 1 is refused naming its own upload; the same answer to chunk 2 must not switch.
    const target = await simulator({ uploads: 450 });
    const answer = json(404, {
      data: [{ type: 'api_error', attributes: { code: 'NOT_FOUND', details: { id: uploadId(3) } } }],
    });
    target.inject({ match: { path: '/uploads/batch-destroy' }, ...answer, times: 3 });
    const run = await act(target, { 'upload-ids': ids(0, 450).join(',') });
    expect(run.code).toBe(1);
    expect(target.requests.filter((r) => r.path === '/uploads/bulk/destroy')).toEqual([]);
    expect(run.stdout).not.toContain('switching to POST /uploads/bulk/destroy');
  });

  it('switched after a retried request: what the earlier attempt deleted counts as deleted', async () => {
    const target = await simulator({ uploads: 10 });
    // The first attempt deletes, then its answer is lost; the retry is told the route is gone.
    target.inject({ match: { path: '/uploads/batch-destroy' }, loseAnswer: true });
    target.inject({
      match: { path: '/uploads/batch-destroy' },
      ...json(404, { data: [{ type: 'api_error', attributes: { code: 'NOT_FOUND' } }] }),
    });
    const run = await act(target, { 'upload-ids': ids(0, 10).join(',') });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ successful: '10', failed: '0', 'failed-ids': '' });
  });
});

describe('a listing that contradicts itself', () => {
  it('leaves out an upload listed twice with different created_at', async () => {
    const old = '2020-01-01T00:00:00.000Z';
    const [TWICE, ONCE] = [uid('twice'), uid('once')];
    const target = await simulator({
      uploads: [
        { id: TWICE, createdAt: old },
        { id: ONCE, createdAt: old },
      ],
    });
    const entry = (id: string, createdAt: string) => ({ type: 'upload', id, attributes: { created_at: createdAt } });
    const data = [entry(TWICE, old), entry(ONCE, old), entry(TWICE, '2099-01-01T00:00:00.000Z')];
    target.inject({ match: { method: 'GET', path: '/uploads' }, ...json(200, { data, meta: { total_count: 3 } }) });
    const run = await act(target, { scope: 'library', 'older-than': '90d' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'the listing gave 1 upload(s) twice with different created_at, md5, size or other attributes the criteria are proven on: left out',
    );
    expect(target.uploadExists(TWICE)).toBe(true);
    expect(target.uploadExists(ONCE)).toBe(false);
  });
});

describe('a rate limit wait past job-timeout', () => {
  const rateLimited = (reset: string) => ({
    match: { path: '/uploads/batch-destroy' },
    ...json(429, { data: [{ type: 'api_error', attributes: { code: 'RATE_LIMIT_EXCEEDED' } }] }),
    headers: { 'x-ratelimit-reset': reset, 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0' },
  });

  it('fails at once, saying how long the API asked to wait, instead of idling until the deadline', async () => {
    const target = await simulator({ uploads: 3 });
    target.inject(rateLimited('99999'));
    const started = Date.now();
    const run = await act(target, { 'upload-ids': ids(0, 3).join(','), 'job-timeout': '600' });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(
      /DELETE \/uploads\/batch-destroy answered 429: the API's rate limit asked to wait 99999 s \(X-RateLimit-Reset\), more than the 59\d s left of job-timeout; another client of the same API token may be spending its request budget/,
    );
    expect(Date.now() - started).toBeLessThan(60_000); // not job-timeout's 600 s: the run did not wait
    expect(run.outputs).toMatchObject({ successful: '0', failed: '0', selected: '3', 'job-ids': '' });
    expect(run.summary).toContain("the API's rate limit asked to wait 99999 s");
    expect(target.requests.filter((r) => r.path === '/uploads/batch-destroy')).toHaveLength(1);
    expect(target.deletions).toEqual([]);
  });

  it('waits out a reset that fits in job-timeout, then deletes', async () => {
    const target = await simulator({ uploads: 3 });
    target.inject(rateLimited('1'));
    const run = await act(target, { 'upload-ids': ids(0, 3).join(','), 'job-timeout': '30' });
    expect(run.code).toBe(0);
    expect(run.outputs.successful).toBe('3');
    expect(target.requests.filter((r) => r.path === '/uploads/batch-destroy')).toHaveLength(2);
  });
});

describe('a job result with impossible counts', () => {
  it.each([
    ['negative', { successful: -3, failed: 8 }, /its counts \(-3 deleted, 8 failed\) are not whole numbers/],
    ['fractional', { successful: 2.5, failed: 2.5 }, /are not whole numbers/],
    ['in strings', { successful: '5', failed: '0' }, /its counts \(a string deleted, a string failed\)/],
    [
      'more than sent',
      { successful: 5, failed: 5 },
      /it counted 5 deleted and 5 failed, more than the 5 upload\(s\) sent/,
    ],
  ])('is ignored when %s: what still exists decides', async (_name, meta, why) => {
    const target = await simulator({ uploads: 5, undeletable: [uploadId(4)] });
    target.inject({ match: { path: '/uploads/batch-destroy' }, jobPayload: { data: [], meta } });
    const run = await act(target, { 'upload-ids': ids(0, 5).join(',') });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ successful: '4', failed: '1', 'failed-ids': uploadId(4) });
    expect(run.stdout).toMatch(why);
    expect(run.stdout).toContain('Job 1: its counts were ignored (');
    expect(run.stdout).toContain(
      'what still exists decides: 4 of its 5 upload(s) are gone and count as deleted, 1 still exist',
    );
    expect(run.stdout).not.toContain('cannot be named');
    expect(deletedUploads(target)).toEqual(ids(0, 4));
  });
});

describe('a job result that is not JSON', () => {
  const proxyPage = {
    match: { method: 'GET', path: '/job-results/' },
    status: 200,
    body: '<html><body>Hello from the proxy</body></html>',
  };

  it('is retried like a 503: a poll is safe to repeat', async () => {
    const target = await simulator({ uploads: 3, jobLatencyMs: 0 });
    target.inject({ ...proxyPage, times: 2 });
    const run = await act(target, { 'upload-ids': ids(0, 3).join(',') });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ successful: '3', failed: '0' });
    expect(target.requests.filter((r) => r.path.startsWith('/job-results/')).length).toBeGreaterThanOrEqual(3);
  });
});

describe('verify', () => {
  const lookups = (target: Simulator) =>
    target.requests.filter(
      (r) =>
        r.method === 'GET' &&
        r.path === '/uploads' &&
        r.query['filter[ids]'] !== undefined &&
        r.query['filter[fields][in_use][eq]'] === undefined,
    );

  it('counts failed what a lying job reported deleted, and says so', async () => {
    const target = await simulator({ uploads: 5 });
    target.inject({ match: { path: '/uploads/batch-destroy' }, jobLies: true });
    const run = await act(target, { 'upload-ids': ids(0, 5).join(','), verify: 'true' });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ successful: '0', failed: '5', 'failed-ids': ids(0, 5).join(',') });
    expect(run.stdout).toContain('::warning::Job 1 reported 5 upload(s) deleted, but 5 of them still exist (verify)');
    expect(run.summary).toContain('**5 upload(s) a job reported deleted still exist**');
    expect(run.summary).toContain('still exists after its job (5)');
    expect(lookups(target)).toHaveLength(1);
  });

  it('confirms a truthful job with one lookup per chunk of 200', async () => {
    const target = await simulator({ uploads: 450 });
    const run = await act(target, { 'upload-ids': ids(0, 450).join(','), verify: 'true' });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ successful: '450', failed: '0' });
    expect(run.summary).toContain(
      '- Verified: 450 of 450 selected upload(s) looked up after their job with `GET /uploads`; none that a job reported deleted still exists',
    );
    expect(lookups(target).map((r) => r.query['filter[ids]']?.split(',').length)).toEqual(
      expect.arrayContaining([200, 200, 50]),
    );
    expect(lookups(target)).toHaveLength(3);
  });

  it('is off by default: a lying job is taken at its word, with no lookup', async () => {
    const target = await simulator({ uploads: 5 });
    target.inject({ match: { path: '/uploads/batch-destroy' }, jobLies: true });
    const run = await act(target, { 'upload-ids': ids(0, 5).join(',') });
    expect(run.outputs).toMatchObject({ successful: '5', failed: '0' });
    expect(run.summary).not.toContain('Verified');
    expect(lookups(target)).toHaveLength(0);
  });
});

describe('what a second attack found', () => {
  it('refuses a verify lookup that lists uploads not asked for, rather than count the asked ones gone', async () => {
    const target = await simulator({ uploads: 3 });
    target.inject({ match: { path: '/uploads/batch-destroy' }, jobLies: true });
    const others = [0, 1, 2].map((i) => ({ type: 'upload', id: uid(`other${i}`), attributes: {} }));
    target.inject({
      match: { method: 'GET', path: '/uploads' },
      ...json(200, { data: others, meta: { total_count: 3 } }),
    });
    const run = await act(target, { 'upload-ids': ids(0, 3).join(','), verify: 'true' });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(/GET \/uploads answered 3 upload\(s\) not among the 3 IDs asked/);
    expect(run.summary).not.toContain('none that a job reported deleted still exists');
  });

  it('refuses a verify lookup that lists one asked upload as many times as its total_count', async () => {
    const target = await simulator({ uploads: 3 });
    target.inject({ match: { path: '/uploads/batch-destroy' }, jobLies: true });
    const same = [0, 1, 2].map(() => ({ type: 'upload', id: uploadId(0), attributes: {} }));
    target.inject({
      match: { method: 'GET', path: '/uploads' },
      ...json(200, { data: same, meta: { total_count: 3 } }),
    });
    const run = await act(target, { 'upload-ids': ids(0, 3).join(','), verify: 'true' });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(/GET \/uploads answered the same upload more than once for 3 IDs asked/);
    expect(run.summary).toContain(
      '- Verify: :x: **3 upload(s) a job reported deleted could not be confirmed**: their lookup failed or was not trusted (Job 1: GET /uploads answered the same upload more than once for 3 IDs asked)',
    );
  });

  it('says a deletion answered 202 without a readable job may still take effect', async () => {
    const target = await simulator({ uploads: 2 });
    target.inject({ match: { path: '/uploads/batch-destroy' }, status: 202, body: '<html>accepted</html>' });
    const run = await act(target, { 'upload-ids': ids(0, 2).join(',') });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(
      /DELETE \/uploads\/batch-destroy answered 202 with a body that is not JSON, .*the API accepted the deletion, so it may still take effect; check those items in DatoCMS before re-running/,
    );
  });

  it('does not count a track deleted on a 200 whose body is a proxy page', async () => {
    const video = uid('vid');
    const target = await simulator({ uploads: [{ id: video, tracks: [{ id: 'en' }] }] });
    target.inject({
      match: { method: 'DELETE', path: `/uploads/${video}/tracks/en` },
      status: 200,
      body: '<html>login</html>',
    });
    const run = await act(target, { 'upload-tracks': `${video}/en` });
    expect(run.code).toBe(1);
    expect(run.outputs.successful).toBe('0');
    expect(errorLine(run)).toMatch(/answered 200 with a body that is not JSON/);
  });

  it('refuses a job result that is not a job result', async () => {
    const target = await simulator({ uploads: 2, jobLatencyMs: 0 });
    const upload = {
      data: {
        type: 'upload',
        id: '9999',
        attributes: { status: 200, payload: { meta: { successful: 2, failed: 0 } } },
      },
    };
    target.inject({ match: { method: 'GET', path: '/job-results/' }, ...json(200, upload) });
    const run = await act(target, { 'upload-ids': ids(0, 2).join(',') });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(/GET \/job-results\/1 answered a body that is not a job result/);
    expect(run.outputs.successful).toBe('0');
  });
});
