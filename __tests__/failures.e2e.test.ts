/**
 * End-to-end under failure: rate limits, faults, partial failures, cancellation and hostile
 * input, each against the simulator with the bundle run as the runner runs it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  act,
  closeSimulator,
  deletedUploads,
  errorLine,
  expectNoTokenLeak,
  ids,
  simulator,
  TOKEN,
} from '../__fixtures__/e2e.ts';
import { uid } from '../__fixtures__/ids.ts';
import { runAction } from '../scripts/run-action.ts';
import { startSimulator, uploadId } from '../simulator/index.ts';

afterEach(closeSimulator);

const destroy = { match: { path: '/uploads/batch-destroy' } };
const sorted = (list: readonly string[] | undefined) => [...(list ?? [])].sort();
const VID = uid('vid');
const UNKNOWN1 = uid('unknown1');
const UNKNOWN2 = uid('unknown2');

describe('rate limits', () => {
  it('keeps a large run under a tight limit: no 429', async () => {
    const target = await simulator({ uploads: 2000, jobLatencyMs: 300, rateLimit: { limit: 12, windowMs: 3000 } });
    const run = await act(target, { 'upload-ids': ids(0, 2000).join(','), 'max-deletions': '2000' });
    expect(run.outputs).toMatchObject({ successful: '2000', failed: '0' });
    expect(target.stats().rateLimited).toBe(0);
  });

  it('waits X-RateLimit-Reset seconds after a 429 before the next request', async () => {
    const target = await simulator({ uploads: 3 });
    const body = JSON.stringify({ data: [{ type: 'api_error', attributes: { code: 'RATE_LIMIT_EXCEEDED' } }] });
    target.inject({
      ...destroy,
      status: 429,
      headers: { 'x-ratelimit-reset': '2' },
      contentType: 'application/json',
      body,
    });
    const run = await act(target, { 'upload-ids': ids(0, 3).join(',') });
    expect(run.outputs).toMatchObject({ successful: '3', failed: '0' });
    const [limited, next] = target.requests.filter((r) => !r.path.startsWith('/environments'));
    expect(limited?.status).toBe(429);
    expect((next?.time ?? 0) - (limited?.time ?? 0)).toBeGreaterThanOrEqual(2000);
  });
});

describe('transient failures', () => {
  it.each([
    ['a 502 HTML page from a proxy', { status: 502 }],
    ['a 503 HTML page', { status: 503 }],
    ['a 504 HTML page', { status: 504 }],
    ['a connection reset', { drop: true }],
  ])('retries the submission after %s and deletes exactly once', async (_, fault) => {
    const target = await simulator({ uploads: 5 });
    target.inject({ ...destroy, ...fault });
    const run = await act(target, { 'upload-ids': ids(0, 4).join(',') });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ successful: '4', failed: '0', 'failed-ids': '' });
    expect(sorted(deletedUploads(target))).toEqual(sorted(ids(0, 4)));
  });

  it('retries polls that fail, too', async () => {
    const target = await simulator({ uploads: 2 });
    target.inject({ match: { path: '/job-results/' }, status: 502, times: 2 });
    const run = await act(target, { 'upload-ids': ids(0, 2).join(',') });
    expect(run.outputs).toMatchObject({ successful: '2', failed: '0' });
  });

  it('trusts what still exists over the job counts when a lost answer made it submit twice', async () => {
    const target = await simulator({ uploads: 10 });
    target.inject({ ...destroy, loseAnswer: true });
    const run = await act(target, { 'upload-ids': ids(0, 10).join(',') });
    expect(target.jobs()).toHaveLength(2);
    expect(run.outputs).toMatchObject({ successful: '10', failed: '0', 'failed-ids': '' });
    expect(run.stdout).toMatch(
      /counted 10 failed, but 0 of its 10 upload\(s\) still exist \(its submission was retried/,
    );
    expect(sorted(deletedUploads(target))).toEqual(sorted(ids(0, 10)));
  });
});

describe('which items failed', () => {
  it('lists the uploads that still exist and the tracks not deleted in failed-ids and the summary', async () => {
    const stuck = [uploadId(3), uploadId(7)];
    const target = await simulator({
      uploads: [...ids(0, 10).map((id) => ({ id })), { id: VID, tracks: [{ id: 'tr1' }] }],
      undeletable: stuck,
    });
    const run = await act(target, { 'upload-ids': ids(0, 10).join(','), 'upload-tracks': `${VID}/tr1 ${VID}/gone` });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ successful: '9', failed: '3' });
    expect(sorted(run.outputs['failed-ids']?.split(','))).toEqual(sorted([...stuck, `${VID}/gone`]));
    expect(run.stdout).toMatch(/::warning::3 of 12 deletion\(s\) failed; not deleted: /);
    expect(run.summary).toContain('### Not deleted');
    expect(run.summary).toContain(`\`${uploadId(3)}\``);
  });

  it('sends again the IDs that exist when the API refuses a whole chunk for an unknown one', async () => {
    const target = await simulator({ uploads: 400, unknownIds: 'reject-request' });
    const wanted = [...ids(0, 150), UNKNOWN1, ...ids(150, 300), UNKNOWN2];
    const run = await act(target, { 'upload-ids': wanted.join(',') });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ successful: '300', failed: '2' });
    // The two chunks are refused and looked up concurrently: their failed IDs come in either order.
    expect(sorted(run.outputs['failed-ids']?.split(','))).toEqual(sorted([UNKNOWN1, UNKNOWN2]));
    expect(sorted(deletedUploads(target))).toEqual(sorted(ids(0, 300)));
    expect(run.stdout).toMatch(/refused 200 upload\(s\) \(422 INVALID_PARAMS\): 1 do not exist and count as failed/);
    expect(run.stdout).toContain('Sending the other 199 upload(s) of that chunk again');
  });
});

describe('unknown uploads and lost answers', () => {
  it('works around a batch refused with 404 NOT_FOUND for one unknown ID', async () => {
    const target = await simulator({ uploads: 300, unknownIds: 'not-found' });
    const run = await act(target, { 'upload-ids': [...ids(0, 150), UNKNOWN1, ...ids(150, 249)].join(',') });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ successful: '249', failed: '1', 'failed-ids': UNKNOWN1 });
    expect(sorted(deletedUploads(target))).toEqual(sorted(ids(0, 249)));
  });

  it('counts a track deleted by an attempt whose answer was lost as deleted', async () => {
    const target = await simulator({
      uploads: [{ id: VID, tracks: [{ id: 'tr1' }, { id: 'tr2' }] }],
      jobLatencyMs: 0,
    });
    target.inject({ match: { path: `/uploads/${VID}/tracks/tr1` }, loseAnswer: true });
    const run = await act(target, { 'upload-tracks': `${VID}/tr1` });
    expect(run.outputs).toMatchObject({ successful: '1', failed: '0', 'failed-ids': '' });
    expect(run.stdout).toContain(
      `track ${VID}/tr1 answered 404 after an earlier attempt: it no longer exists and counts as deleted`,
    );
    expect(target.trackExists(VID, 'tr2')).toBe(true);
  });

  it('counts uploads deleted by a lost attempt as deleted when the retry is refused for naming them', async () => {
    const target = await simulator({ uploads: 4, unknownIds: 'reject-request', jobLatencyMs: 0 });
    target.inject({ ...destroy, loseAnswer: true });
    const run = await act(target, { 'upload-ids': ids(0, 3).join(',') });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ successful: '3', failed: '0', 'failed-ids': '' });
    expect(target.uploadExists(uploadId(3))).toBe(true);
  });
});

describe('fatal answers', () => {
  it.each([
    ['401', 'wrong-token', /The API token is invalid/, { selected: '0', environment: '' }],
    ['403', 'read-only', /role may not delete uploads/, { selected: '2000', environment: 'main' }],
  ])('stops at the first %s: no further submission, outputs written', async (_, token, message, known) => {
    const target = await simulator({ uploads: 2000, forbiddenTokens: ['read-only'] });
    const run = await runAction({
      'api-token': token,
      'base-url': target.url,
      'upload-ids': ids(0, 2000).join(','),
      'max-deletions': '2000',
    });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(message);
    // The first request (the environment lookup, then the first deletion) is sent alone.
    expect(target.requests.filter((r) => r.status === 401 || r.status === 403)).toHaveLength(1);
    expect(target.requests.filter((r) => r.method === 'DELETE')).toHaveLength(token === 'read-only' ? 1 : 0);
    expect(run.outputs).toEqual({
      successful: '0',
      failed: '0',
      'job-ids': '',
      'failed-ids': '',
      'report-file': expect.stringMatching(/datocms-media-cleanup-report\.json$/) as string,
      'id-map': '',
      skipped: '0',
      'report-sha256': expect.stringMatching(/^[0-9a-f]{64}$/) as string,
      'comment-url': '',
      ...known,
    });
  });

  it('does not retry a 4xx refusal that is not about unknown uploads', async () => {
    const target = await simulator({ uploads: 3 });
    const body = JSON.stringify({ data: [{ type: 'api_error', attributes: { code: 'INVALID_PARAMS' } }] });
    target.inject({ ...destroy, status: 422, contentType: 'application/json', body });
    const run = await act(target, { 'upload-ids': ids(0, 3).join(',') });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(/DELETE \/uploads\/batch-destroy answered 422 INVALID_PARAMS/);
    expect(target.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
  });

  it('does not follow a redirect to another host', async () => {
    const target = await simulator({ uploads: 3 });
    const elsewhere = await startSimulator({ token: TOKEN, uploads: 3 });
    try {
      target.inject({ ...destroy, status: 307, headers: { location: `${elsewhere.url}/uploads/batch-destroy` } });
      const run = await act(target, { 'upload-ids': ids(0, 3).join(',') });
      expect(run.code).toBe(1);
      expect(errorLine(run)).toMatch(/answered 307, a redirect, which is not followed.*check base-url/);
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });
});

describe('cancellation', () => {
  it('on SIGTERM stops, writes outputs and summary with the jobs started, and exits non-zero within 2 s', async () => {
    const target = await simulator({ uploads: 600, jobLatencyMs: 1e9 });
    let signalledAt = 0;
    const run = await act(
      target,
      { 'upload-ids': ids(0, 600).join(',') },
      {
        onStart: (child) => {
          let seen = '';
          child.stdout?.on('data', (chunk: Buffer) => {
            seen += chunk.toString();
            if (signalledAt === 0 && (seen.match(/Submitted/g) ?? []).length === 3) {
              signalledAt = performance.now();
              child.kill('SIGTERM');
            }
          });
        },
      },
    );
    const exitMs = performance.now() - signalledAt;
    expect(run.code).not.toBe(0);
    expect(exitMs).toBeLessThan(2000);
    expect(run.outputs['job-ids']?.split(',')).toHaveLength(3);
    expect(run.outputs).toMatchObject({ successful: '0', failed: '0' });
    expect(errorLine(run)).toMatch(
      /Cancelled by SIGTERM after 0 deletion\(s\) were confirmed; job\(s\) [^;]+ were started and may still complete: re-run/,
    );
    expect(run.summary).toContain('Still running:');
  });
});

describe('security', () => {
  it('never prints the token, debug logging on and retries happening', async () => {
    const target = await simulator({ uploads: 3 });
    target.inject({ ...destroy, status: 503 });
    target.inject({ match: { path: '/job-results/' }, drop: true });
    const run = await act(
      target,
      { 'upload-ids': ids(0, 3).join(',') },
      { env: { ACTIONS_STEP_DEBUG: 'true', RUNNER_DEBUG: '1' } },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/::debug::.*retry 1 of 5/);
    expectNoTokenLeak(run);
  });

  const hostile: Array<[string, string]> = [
    ['upload-ids', '../../uploads'],
    ['upload-ids', 'abc%2F..'],
    ['upload-ids', 'a;rm'],
    ['upload-ids', '$(curl)'],
    ['upload-ids', '<script>'],
    ['upload-ids', 'id?filter[ids]=*'],
    ['upload-ids', 'id#x'],
    ['upload-ids', 'ümlaut'],
    // Around an upload ID of the real shape, so that what is refused is the path trick.
    ['upload-tracks', `${uid('up1')}/..`],
    ['upload-tracks', `${uid('up1')}/tr/../../x`],
    ['upload-tracks', `${uid('up1')}/tr?x=1`],
    ['upload-tracks', `../${uid('up1')}/tr`],
    ['upload-tracks', `${uid('up1')}/%2e%2e`],
    ['environment', 'main\nX-Evil: 1'],
    ['environment', '../primary'],
    ['environment', 'a'.repeat(70)],
    ['environment', 'Main'],
    ['base-url', 'http://169.254.169.254'],
    ['base-url', 'file:///etc/passwd'],
    ['base-url', 'javascript:alert(1)'],
    ['base-url', 'https://evil.example@site-api.datocms.com'],
    ['base-url', 'http://127.0.0.1.evil.example'],
    ['base-url', 'http://localhost.evil.example'],
    ['api-token', 'tok\r\nX-Evil: 1'],
  ];
  it.each(hostile)('refuses %s %j before any request', async (name, value) => {
    const target = await simulator({ uploads: 3 });
    const run = await runAction({
      'api-token': TOKEN,
      'base-url': target.url,
      'upload-ids': uploadId(0),
      [name]: value,
    });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(new RegExp(`::error::(${name}|api-token)`));
    expect(target.requests).toEqual([]);
    expect(run.outputs).toEqual({});
  });
});
