/**
 * End-to-end: what the real API is likely to refuse. Uploads in use (refused as a whole chunk,
 * or counted failed), a batch-destroy route that is gone (in every form it may answer), and
 * library listings read in a stable order, several pages at a time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { act, closeSimulator, deletedUploads, errorLine, ids, simulator } from '../__fixtures__/e2e.ts';
import { uid } from '../__fixtures__/ids.ts';
import { uploadId, type SeedUpload, type Simulator } from '../simulator/index.ts';

afterEach(closeSimulator);

const sorted = (list: readonly string[] | undefined) => [...(list ?? [])].sort();
const requestsTo = (target: Simulator, method: string, path: string) =>
  target.requests.filter((r) => r.method === method && r.path === path);
/** 450 uploads; three of them (in the first, second and third chunk) used by records. */
const USED = [uploadId(5), uploadId(250), uploadId(420)];
const LIBRARY: SeedUpload[] = ids(0, 450).map((id) => ({ id, inUse: USED.includes(id) }));
const FREE = ids(0, 450).filter((id) => !USED.includes(id));

describe('uploads in use', () => {
  it.each(['count-failed', 'refuse-request'] as const)(
    'API answer %s: deletes the others, and names the used ones with their reason',
    async (inUseUploads) => {
      const target = await simulator({ uploads: LIBRARY, inUseUploads });
      const run = await act(target, { 'upload-ids': ids(0, 450).join(',') });
      expect(run.code).toBe(0);
      expect(run.outputs).toMatchObject({ selected: '450', successful: '447', failed: '3' });
      expect(sorted(run.outputs['failed-ids']?.split(','))).toEqual(sorted(USED));
      expect(sorted(deletedUploads(target))).toEqual(sorted(FREE));
      expect(USED.every((id) => target.uploadExists(id))).toBe(true);
      expect(run.summary).toMatch(/- in use by records \(3\): `/);
      expect(run.summary).toContain(
        "3 upload(s) were kept because records use them. To leave such uploads out of a selection by criteria, set only-unused: 'true'",
      );
      expect(run.stdout).toMatch(/::warning::3 of 450 deletion\(s\) failed; .*3 kept because records use them/);
    },
  );

  it('looks the used ones up with the in_use filter, and sends the rest of a refused chunk again', async () => {
    const target = await simulator({ uploads: LIBRARY, inUseUploads: 'refuse-request' });
    const run = await act(target, { 'upload-ids': ids(0, 450).join(',') });
    const lookups = requestsTo(target, 'GET', '/uploads').filter(
      (r) => r.query['filter[fields][in_use][eq]'] === 'true',
    );
    expect(lookups).toHaveLength(3);
    expect(run.stdout).toMatch(
      /DELETE \/uploads\/batch-destroy refused 200 upload\(s\) \(422 UPLOAD_IS_CURRENTLY_IN_USE\): 1 are in use by records and are kept/,
    );
    expect(run.stdout).toContain('Sending the other 199 upload(s) of that chunk again');
  });

  it('fails naming the chunk when what is left of it is refused again', async () => {
    const target = await simulator({ uploads: LIBRARY.slice(0, 200), inUseUploads: 'refuse-request' });
    target.inject({
      match: { method: 'DELETE', path: '/uploads/batch-destroy' },
      after: 1,
      status: 422,
      contentType: 'application/json',
      body: JSON.stringify({ data: [{ id: '1', type: 'api_error', attributes: { code: 'DELETE_RESTRICTION' } }] }),
    });
    const run = await act(target, { 'upload-ids': ids(0, 200).join(',') });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(
      /DELETE \/uploads\/batch-destroy refused a chunk again \(422 DELETE_RESTRICTION\) after 1 in use upload\(s\) were taken out of it: \S+, \S+, \S+, \S+, \S+, \.\.\. \(199 in all\) were not deleted/,
    );
    expect(target.deletions).toEqual([]);
    // Every upload of the chunk is named: the one in use, and the 199 refused twice.
    expect(run.outputs).toMatchObject({ successful: '0', failed: '200' });
    expect(sorted(run.outputs['failed-ids']?.split(','))).toEqual(sorted(ids(0, 200)));
    expect(run.summary).toMatch(/- in use by records \(1\): `/);
    expect(run.summary).toMatch(/- refused \(199\): `/);
  });
});

describe('a batch-destroy route that is gone', () => {
  it.each(['as-upload-id', 'not-found', 'invalid-id', 'method-not-allowed'] as const)(
    'answered %s: switches to bulk destroy once, and counts nothing twice',
    async (batchDestroy) => {
      const target = await simulator({ uploads: 460, batchDestroy });
      const run = await act(target, { 'upload-ids': ids(0, 450).join(',') });
      expect(run.code).toBe(0);
      expect(run.outputs).toMatchObject({ selected: '450', successful: '450', failed: '0', 'failed-ids': '' });
      expect(requestsTo(target, 'DELETE', '/uploads/batch-destroy')).toHaveLength(1);
      const bulk = requestsTo(target, 'POST', '/uploads/bulk/destroy');
      expect(
        bulk
          .map(
            (r) =>
              (JSON.parse(r.body) as { data: { relationships: { uploads: { data: unknown[] } } } }).data.relationships
                .uploads.data.length,
          )
          .sort(),
      ).toEqual([200, 200, 50]);
      expect(sorted(deletedUploads(target))).toEqual(sorted(ids(0, 450)));
      expect(run.stdout.match(/switching to POST \/uploads\/bulk\/destroy/g)).toHaveLength(1);
      expect(run.summary).toContain('Deleted with `POST /uploads/bulk/destroy`');
    },
  );

  it('never switches on an answer about the environment', async () => {
    const target = await simulator({ uploads: 10 });
    target.inject({
      match: { path: '/uploads/batch-destroy' },
      status: 404,
      contentType: 'application/json',
      body: JSON.stringify({
        data: [{ id: '1', type: 'api_error', attributes: { code: 'INVALID_ENVIRONMENT', details: {} } }],
      }),
    });
    const run = await act(target, { 'upload-ids': ids(0, 10).join(',') });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(/DELETE \/uploads\/batch-destroy answered 404 INVALID_ENVIRONMENT/);
    expect(requestsTo(target, 'POST', '/uploads/bulk/destroy')).toEqual([]);
    expect(target.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
  });

  it('with delete-endpoint: batch-destroy, fails saying what to set', async () => {
    const target = await simulator({ uploads: 10, batchDestroy: 'not-found' });
    const run = await act(target, { 'upload-ids': ids(0, 10).join(','), 'delete-endpoint': 'batch-destroy' });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(
      /DELETE \/uploads\/batch-destroy answered 404 NOT_FOUND: this API no longer has that route, and delete-endpoint is batch-destroy: set delete-endpoint: auto/,
    );
    expect(requestsTo(target, 'POST', '/uploads/bulk/destroy')).toEqual([]);
    expect(target.deletions).toEqual([]);
  });

  it('with delete-endpoint: bulk-destroy, never sends batch-destroy', async () => {
    const target = await simulator({ uploads: 450 });
    const run = await act(target, { 'upload-ids': ids(0, 450).join(','), 'delete-endpoint': 'bulk-destroy' });
    expect(run.outputs).toMatchObject({ successful: '450', failed: '0' });
    expect(requestsTo(target, 'DELETE', '/uploads/batch-destroy')).toEqual([]);
    expect(requestsTo(target, 'POST', '/uploads/bulk/destroy')).toHaveLength(3);
  });
});

describe('library listings', () => {
  it('are read oldest first, several pages at a time', async () => {
    // Insertion order is the reverse of creation order: only order_by lists the oldest first.
    const start = Date.parse('2024-01-01T00:00:00Z');
    const library = Array.from({ length: 1600 }, (_, i) => ({
      id: uid(`up${i}`),
      tags: ['old'],
      createdAt: new Date(start + (1600 - i) * 60_000).toISOString(),
    }));
    // One upload the query does not match: a query that matches the whole library is refused.
    const target = await simulator({ uploads: [...library, { id: uid('fresh'), tags: ['new'] }], rateLimit: false });
    target.inject({ match: { method: 'GET', path: '/uploads' }, delayMs: 200, times: 5 });
    const run = await act(target, { scope: 'library', query: 'old', 'max-deletions': '2000', 'dry-run': 'true' });
    expect(run.outputs).toMatchObject({ selected: '1600' });
    // The pages, without the library's count (page[limit]=1) that the guard sends beside them.
    const pages = requestsTo(target, 'GET', '/uploads').filter((r) => r.query['page[limit]'] === '500');
    expect(pages.map((r) => r.query.order_by)).toEqual([
      '_created_at_ASC',
      '_created_at_ASC',
      '_created_at_ASC',
      '_created_at_ASC',
    ]);
    const [first, ...rest] = pages;
    expect(rest.map((r) => r.query['page[offset]']).sort()).toEqual(['1000', '1500', '500']);
    // Every later page was asked for before any of them was answered.
    const lastAsked = Math.max(...rest.map((r) => r.time));
    expect(rest.every((r) => r.answeredAt > lastAsked)).toBe(true);
    expect(first?.answeredAt).toBeLessThan(Math.min(...rest.map((r) => r.time)));
    const [oldest, next] = [`\`${uid('up1599')}\``, `\`${uid('up1598')}\``];
    expect(run.summary).toContain(`<br>${oldest} |`);
    expect(run.summary?.indexOf(oldest)).toBeLessThan(run.summary?.indexOf(next) ?? 0);
  });
});
