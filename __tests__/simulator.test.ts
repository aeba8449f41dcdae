import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { optionsFromArgs } from '../simulator/cli.ts';
import { startSimulator, uploadId, type Simulator, type SimulatorOptions } from '../simulator/index.ts';
import { RateLimiter } from '../simulator/cma/rate-limit.ts';

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed body; undefined when it is not JSON. */
  json: unknown;
}

interface ApiErrorObject {
  id: string;
  type: string;
  attributes: { code: string; transient?: boolean; details: Record<string, unknown> };
}

interface Resource {
  id: string;
  type: string;
  attributes: Record<string, unknown>;
}

interface JobResultResource {
  type: string;
  id: string;
  attributes: { status: number; payload: { data: unknown; meta: { successful: number; failed: number } } };
}

const HEADERS = {
  Authorization: 'Bearer sim-token',
  'X-Api-Version': '3',
  Accept: 'application/json',
};

const running: Simulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

/** No rate limit and instant jobs unless a test asks otherwise, so polling is never throttled. */
async function start(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({ rateLimit: false, jobLatencyMs: 0, ...options });
  running.push(sim);
  return sim;
}

async function call(
  sim: Simulator,
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: string; redirect?: 'follow' | 'manual' } = {},
): Promise<Answer> {
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers: init.headers ?? HEADERS,
    body: init.body ?? null,
    redirect: init.redirect ?? 'follow',
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

// Accessors that give the answers the shapes the simulator documents.
const dataOf = (answer: Answer) => (answer.json as { data: unknown }).data;
const errorOf = (answer: Answer) => (answer.json as { data: ApiErrorObject[] }).data[0];
const errorCode = (answer: Answer) => errorOf(answer)?.attributes.code;
const jobIdOf = (answer: Answer) => (answer.json as { data: { id: string } }).data.id;
const listOf = (answer: Answer) => answer.json as { data: Resource[]; meta: { total_count: number } };
const idsOf = (answer: Answer) => listOf(answer).data.map((resource) => resource.id);

function batchDestroy(sim: Simulator, ids: string[], headers = HEADERS): Promise<Answer> {
  return call(sim, 'DELETE', `/uploads/batch-destroy?filter[ids]=${ids.join(',')}`, { headers });
}

function bulkBody(ids: string[]): string {
  const data = ids.map((id) => ({ type: 'upload', id }));
  return JSON.stringify({
    data: { type: 'upload_bulk_destroy_operation', relationships: { uploads: { data } } },
  });
}

function bulkDestroy(sim: Simulator, ids: string[], contentType = 'application/json') {
  const headers = { ...HEADERS, 'Content-Type': contentType };
  return call(sim, 'POST', '/uploads/bulk/destroy', { headers, body: bulkBody(ids) });
}

/** Polls like a client would; jobs in these tests take a few ms at most. */
async function jobResult(sim: Simulator, jobId: string, headers = HEADERS): Promise<JobResultResource> {
  for (let attempt = 0; attempt < 400; attempt++) {
    const answer = await call(sim, 'GET', `/job-results/${jobId}`, { headers });
    if (answer.status === 200) return dataOf(answer) as JobResultResource;
    expect(answer.status).toBe(404);
    await sleep(5);
  }
  throw new Error(`job ${jobId} did not complete`);
}

const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => uploadId(from + i));

describe('uploadId', () => {
  it('is a deterministic 22-character URL-safe id', () => {
    expect(uploadId(7)).toBe(uploadId(7));
    expect(new Set(ids(0, 1000)).size).toBe(1000);
    for (const id of ids(0, 50)) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});

describe('request checks', () => {
  it('refuses a missing or unknown token with 401', async () => {
    const sim = await start();
    const missing = await call(sim, 'GET', '/uploads', { headers: { 'X-Api-Version': '3' } });
    const wrong = await call(sim, 'GET', '/uploads', {
      headers: { ...HEADERS, Authorization: 'Bearer nope' },
    });
    for (const answer of [missing, wrong]) {
      expect(answer.status).toBe(401);
      expect(errorCode(answer)).toBe('INVALID_AUTHORIZATION_HEADER');
      expect(errorOf(answer)?.type).toBe('api_error');
      expect(errorOf(answer)?.id).toMatch(/^\w+$/);
      expect(answer.headers.get('content-type')).toBe('application/json');
    }
  });

  it('requires X-Api-Version: 3', async () => {
    const sim = await start();
    const withoutVersion = { Authorization: HEADERS.Authorization, Accept: HEADERS.Accept };
    const answer = await call(sim, 'GET', '/uploads', { headers: withoutVersion });
    expect(answer.status).toBe(422);
    expect(errorCode(answer)).toBe('INVALID_API_VERSION');
  });

  it('accepts only the configured sandbox environments', async () => {
    const sim = await start({ environments: ['staging'] });
    const known = await call(sim, 'GET', '/uploads', {
      headers: { ...HEADERS, 'X-Environment': 'staging' },
    });
    const unknown = await call(sim, 'GET', '/uploads', {
      headers: { ...HEADERS, 'X-Environment': 'prod' },
    });
    const primary = await call(sim, 'GET', '/uploads', {
      headers: { ...HEADERS, 'X-Environment': 'main' },
    });
    expect(known.status).toBe(200);
    expect(primary.status).toBe(200);
    expect(unknown.status).toBe(404);
    expect(errorCode(unknown)).toBe('INVALID_ENVIRONMENT');
  });

  it('checks the token before the version', async () => {
    const sim = await start();
    const answer = await call(sim, 'GET', '/uploads', { headers: {} });
    expect(answer.status).toBe(401);
  });

  it('answers 404 NOT_FOUND for unknown routes', async () => {
    const sim = await start();
    const answer = await call(sim, 'GET', '/items');
    expect(answer.status).toBe(404);
    expect(errorCode(answer)).toBe('NOT_FOUND');
  });

  it('lets a forbidden token read but not delete', async () => {
    const sim = await start({ uploads: 2, forbiddenTokens: ['reader'] });
    const headers = { ...HEADERS, Authorization: 'Bearer reader' };
    expect((await call(sim, 'GET', '/uploads', { headers })).status).toBe(200);
    const batch = await batchDestroy(sim, [uploadId(0)], headers);
    const single = await call(sim, 'DELETE', `/uploads/${uploadId(1)}`, { headers });
    for (const answer of [batch, single]) {
      expect(answer.status).toBe(403);
      expect(errorCode(answer)).toBe('INSUFFICIENT_PERMISSIONS');
    }
    expect(sim.uploadExists(uploadId(0))).toBe(true);
  });
});

describe('recording', () => {
  it('records each request as received', async () => {
    const sim = await start({ environments: ['dev'] });
    const headers = { ...HEADERS, 'X-Environment': 'dev', 'Content-Type': 'application/json' };
    await call(sim, 'POST', '/uploads/bulk/destroy', { headers, body: bulkBody(['a']) });
    await call(sim, 'GET', '/uploads?filter%5Bids%5D=a%2Cb');
    const [post, get] = sim.requests;
    expect(post).toMatchObject({
      method: 'POST',
      path: '/uploads/bulk/destroy',
      body: bulkBody(['a']),
      environment: 'dev',
      status: 202,
    });
    expect(post?.headers).toMatchObject({
      authorization: 'Bearer sim-token',
      'x-api-version': '3',
    });
    expect(get).toMatchObject({ query: { 'filter[ids]': 'a,b' }, environment: 'primary' });
    expect(sim.stats()).toMatchObject({ requests: 2, byStatus: { 200: 1, 202: 1 } });
  });
});

describe('batch destroy', () => {
  it('answers 404 until the job is done, then the counts; deletes on completion', async () => {
    const sim = await start({ uploads: 3, jobLatencyMs: 150 });
    const submitted = await batchDestroy(sim, [uploadId(0), uploadId(1), 'unknown']);
    expect(submitted.status).toBe(202);
    const jobId = jobIdOf(submitted);
    expect(dataOf(submitted)).toEqual({ type: 'job', id: jobId });

    const early = await call(sim, 'GET', `/job-results/${jobId}`);
    expect(early.status).toBe(404);
    expect(sim.deletions).toEqual([]);
    expect(sim.jobs()).toEqual([{ id: jobId, kind: 'batch', done: false }]);

    const result = await jobResult(sim, jobId);
    expect(result).toEqual({
      type: 'job_result',
      id: jobId,
      attributes: { status: 200, payload: { data: [], meta: { successful: 2, failed: 1 } } },
    });
    expect(sim.deletions).toEqual([
      { kind: 'upload', environment: 'primary', uploadId: uploadId(0), jobId },
      { kind: 'upload', environment: 'primary', uploadId: uploadId(1), jobId },
    ]);
    expect(sim.uploadExists(uploadId(0))).toBe(false);
    expect(sim.uploadExists(uploadId(2))).toBe(true);
    expect(sim.jobs()).toEqual([{ id: jobId, kind: 'batch', done: true }]);
  });

  it('counts a duplicated id once', async () => {
    const sim = await start({ uploads: 1 });
    const submitted = await batchDestroy(sim, [uploadId(0), uploadId(0)]);
    const result = await jobResult(sim, jobIdOf(submitted));
    expect(result.attributes.payload.meta).toEqual({ successful: 1, failed: 0 });
  });

  it('counts as failed an id another job deleted first', async () => {
    const sim = await start({ uploads: 1 });
    const first = await batchDestroy(sim, [uploadId(0)]);
    const second = await batchDestroy(sim, [uploadId(0)]);
    expect((await jobResult(sim, jobIdOf(first))).attributes.payload.meta.successful).toBe(1);
    expect((await jobResult(sim, jobIdOf(second))).attributes.payload.meta.failed).toBe(1);
    expect(sim.deletions).toHaveLength(1);
  });

  it('refuses a missing, empty or holed filter', async () => {
    const sim = await start({ uploads: 2 });
    for (const query of ['', '?filter[ids]=', `?filter[ids]=${uploadId(0)},`]) {
      const answer = await call(sim, 'DELETE', `/uploads/batch-destroy${query}`);
      expect(answer.status).toBe(422);
      expect(errorCode(answer)).toBe('INVALID_PARAMS');
    }
    expect(sim.jobs()).toEqual([]);
    expect(sim.uploadExists(uploadId(0))).toBe(true);
  });

  it('accepts 200 ids and refuses 201', async () => {
    const sim = await start({ uploads: 201 });
    expect((await batchDestroy(sim, ids(0, 200))).status).toBe(202);
    const tooMany = await batchDestroy(sim, ids(0, 201));
    expect(tooMany.status).toBe(422);
    expect(errorCode(tooMany)).toBe('INVALID_PARAMS');
  });

  it('answers 404 as if the route did not exist when batchDestroy is false', async () => {
    const sim = await start({ uploads: 1, batchDestroy: false });
    const answer = await batchDestroy(sim, [uploadId(0)]);
    expect(answer.status).toBe(404);
    expect(errorCode(answer)).toBe('NOT_FOUND');
    expect((await bulkDestroy(sim, [uploadId(0)])).status).toBe(202);
  });

  it("rejects the whole request naming unknown ids with unknownIds: 'reject-request'", async () => {
    const sim = await start({ uploads: 2, unknownIds: 'reject-request' });
    const answer = await batchDestroy(sim, [uploadId(0), 'ghost']);
    expect(answer.status).toBe(422);
    expect(errorCode(answer)).toBe('INVALID_PARAMS');
    expect(errorOf(answer)?.attributes.details.ids).toEqual(['ghost']);
    expect(sim.jobs()).toEqual([]);
    const known = await batchDestroy(sim, [uploadId(0), uploadId(1)]);
    expect((await jobResult(sim, jobIdOf(known))).attributes.payload.meta.successful).toBe(2);
  });

  it('counts undeletable uploads as failed and keeps them', async () => {
    const sim = await start({ uploads: 2, undeletable: [uploadId(1)] });
    const submitted = await batchDestroy(sim, [uploadId(0), uploadId(1)]);
    const result = await jobResult(sim, jobIdOf(submitted));
    expect(result.attributes.payload.meta).toEqual({ successful: 1, failed: 1 });
    expect(sim.uploadExists(uploadId(1))).toBe(true);
    const single = await call(sim, 'DELETE', `/uploads/${uploadId(1)}`);
    expect(single.status).toBe(422);
    expect(errorCode(single)).toBe('DELETE_RESTRICTION');
  });
});

describe('bulk destroy', () => {
  it.each(['application/json', 'application/vnd.api+json'])('accepts %s', async (type) => {
    const sim = await start({ uploads: 2 });
    const submitted = await bulkDestroy(sim, [uploadId(0), 'ghost'], type);
    expect(submitted.status).toBe(202);
    const result = await jobResult(sim, jobIdOf(submitted));
    expect(result.attributes.payload).toEqual({ data: [], meta: { successful: 1, failed: 1 } });
    expect(sim.jobs()[0]?.kind).toBe('bulk');
  });

  it('refuses a malformed body, an empty list or another media type', async () => {
    const sim = await start({ uploads: 1 });
    const post = (body: string, type = 'application/json') =>
      call(sim, 'POST', '/uploads/bulk/destroy', {
        headers: { ...HEADERS, 'Content-Type': type },
        body,
      });
    const answers = [
      await post('{not json'),
      await post(JSON.stringify({ data: { type: 'upload' } })),
      await post(bulkBody([])),
      await post(bulkBody([uploadId(0)]), 'text/plain'),
      await post(bulkBody(ids(0, 201))),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(422);
      expect(errorCode(answer)).toBe('INVALID_PARAMS');
    }
    expect(sim.jobs()).toEqual([]);
  });
});

describe('single upload', () => {
  it('deletes synchronously, then answers 404', async () => {
    const sim = await start({ uploads: 1 });
    const deleted = await call(sim, 'DELETE', `/uploads/${uploadId(0)}`);
    expect(deleted.status).toBe(200);
    expect(dataOf(deleted)).toMatchObject({ id: uploadId(0), type: 'upload' });
    expect(sim.deletions).toEqual([{ kind: 'upload', environment: 'primary', uploadId: uploadId(0), jobId: '' }]);
    expect((await call(sim, 'DELETE', `/uploads/${uploadId(0)}`)).status).toBe(404);
  });
});

describe('tracks', () => {
  const upload = {
    id: 'q0VNpiNQSkG6z0lif_O1zg',
    tracks: [
      { id: 'tr/1', type: 'subtitles' as const, name: 'Italiano', languageCode: 'it-IT' },
      { id: 'tr2', type: 'audio' as const },
    ],
  };

  it('lists the tracks of an upload', async () => {
    const sim = await start({ uploads: [upload] });
    const answer = await call(sim, 'GET', `/uploads/${upload.id}/tracks`);
    expect(answer.status).toBe(200);
    expect(idsOf(answer)).toEqual(['tr/1', 'tr2']);
    expect((await call(sim, 'GET', '/uploads/ghost/tracks')).status).toBe(404);
  });

  it('deletes a track through a job whose payload is the track', async () => {
    const sim = await start({ uploads: [upload], jobLatencyMs: 20 });
    const path = `/uploads/${upload.id}/tracks/${encodeURIComponent('tr/1')}`;
    const submitted = await call(sim, 'DELETE', path);
    expect(submitted.status).toBe(202);
    const result = await jobResult(sim, jobIdOf(submitted));
    expect(result.attributes).toEqual({
      status: 200,
      payload: {
        data: {
          type: 'upload_track',
          id: 'tr/1',
          attributes: {
            type: 'subtitles',
            name: 'Italiano',
            language_code: 'it-IT',
            closed_captions: false,
            status: 'ready',
            error: null,
          },
          relationships: { upload: { data: { type: 'upload', id: upload.id } } },
        },
      },
    });
    expect(sim.trackExists(upload.id, 'tr/1')).toBe(false);
    expect(sim.trackExists(upload.id, 'tr2')).toBe(true);
    expect(sim.deletions).toEqual([
      {
        kind: 'track',
        environment: 'primary',
        uploadId: upload.id,
        trackId: 'tr/1',
        jobId: jobIdOf(submitted),
      },
    ]);
  });

  it('answers 404 at once for an unknown upload or track', async () => {
    const sim = await start({ uploads: [upload] });
    const unknownUpload = await call(sim, 'DELETE', '/uploads/ghost/tracks/tr2');
    const unknownTrack = await call(sim, 'DELETE', `/uploads/${upload.id}/tracks/ghost`);
    for (const answer of [unknownUpload, unknownTrack]) {
      expect(answer.status).toBe(404);
      expect(errorCode(answer)).toBe('NOT_FOUND');
    }
    expect(sim.jobs()).toEqual([]);
  });
});

describe('listing', () => {
  it('pages in a stable order with a total count', async () => {
    const sim = await start({ uploads: 75 });
    const first = await call(sim, 'GET', '/uploads');
    expect(listOf(first).data).toHaveLength(30);
    expect(listOf(first).meta).toEqual({ total_count: 75 });
    const last = await call(sim, 'GET', '/uploads?page[offset]=60&page[limit]=500');
    expect(idsOf(last)).toEqual(ids(60, 75));
    expect(listOf(last).data[0]).toMatchObject({
      type: 'upload',
      attributes: { filename: 'file-60.jpg', tags: [], created_at: '2024-01-01T01:00:00.000Z' },
    });
    const tooBig = await call(sim, 'GET', '/uploads?page[limit]=501');
    expect(tooBig.status).toBe(422);
    expect(errorCode(tooBig)).toBe('INVALID_PARAMS');
  });

  it('filters by ids, ignoring unknown ones', async () => {
    const sim = await start({ uploads: 10 });
    const answer = await call(sim, 'GET', `/uploads?filter[ids]=${uploadId(7)},ghost,${uploadId(2)}`);
    expect(idsOf(answer)).toEqual([uploadId(2), uploadId(7)]);
    expect(listOf(answer).meta.total_count).toBe(2);
  });

  it('supports field filters and refuses unknown ones', async () => {
    const sim = await start({
      uploads: [
        { id: 'a', inUse: true, tags: ['keep'] },
        { id: 'b', createdAt: '2020-01-01T00:00:00Z' },
      ],
    });
    const listed = async (query: string) => idsOf(await call(sim, 'GET', `/uploads?${query}`));
    expect(await listed('filter[fields][in_use][eq]=false')).toEqual(['b']);
    expect(await listed('filter[fields][tags][contains]=keep')).toEqual(['a']);
    expect(await listed('filter[fields][_created_at][lt]=2021-01-01T00:00:00Z')).toEqual(['b']);
    const unknown = await call(sim, 'GET', '/uploads?filter[fields][colors][eq]=red');
    expect(unknown.status).toBe(422);
  });

  it('plays every documented field, refuses an undocumented one, and ignores the fields it is told to', async () => {
    const uploads = [
      { id: 'wide', filename: 'wide.png', width: 1600, height: 900, tags: ['r41'], author: 'Ann', size: 5000 },
      { id: 'tall', filename: 'tall.JPG', width: 300, height: 600, size: 100 },
      { id: 'doc', filename: 'notes.pdf', tags: ['r41', 'hero'] },
    ];
    const sim = await start({ uploads });
    const listed = async (query: string) => idsOf(await call(sim, 'GET', `/uploads?${query}`));
    expect(await listed('filter[fields][size][gte]=5000')).toEqual(['wide']);
    expect(await listed('filter[fields][format][in][]=png&filter[fields][format][in][]=jpg')).toEqual(['wide', 'tall']);
    expect(await listed('filter[fields][type][eq]=pdfdocument')).toEqual(['doc']);
    expect(await listed('filter[fields][orientation][eq]=portrait')).toEqual(['tall']);
    expect(await listed('filter[fields][author][exists]=true')).toEqual(['wide']);
    expect(await listed('filter[fields][tags][eq][]=hero&filter[fields][tags][eq][]=r41')).toEqual(['doc']);
    expect(await listed('filter[fields][mime_type][neq]=application/pdf')).toEqual(['wide', 'tall']);
    const typo = await call(sim, 'GET', '/uploads?filter[fields][tag][contains]=r41');
    expect([typo.status, errorCode(typo)]).toEqual([422, 'INVALID_FILTER_FIELDS_PARAM']);
    const ignoring = await start({ uploads, ignoredFilterFields: ['tags'] });
    const all = await call(
      ignoring,
      'GET',
      '/uploads?filter[fields][tags][contains]=r41&filter[fields][size][lt]=2000',
    );
    expect(idsOf(all)).toEqual(['tall', 'doc']);
  });
});

describe('environments', () => {
  it('gives each environment its own copy of the library', async () => {
    const sim = await start({ uploads: 2, environments: ['sandbox'] });
    const headers = { ...HEADERS, 'X-Environment': 'sandbox' };
    const submitted = await batchDestroy(sim, [uploadId(0)], headers);
    await jobResult(sim, jobIdOf(submitted), headers);
    expect(sim.uploadExists(uploadId(0), 'sandbox')).toBe(false);
    expect(sim.uploadExists(uploadId(0))).toBe(true);
    expect(sim.deletions[0]?.environment).toBe('sandbox');

    sim.addUpload({ id: 'only-here' }, 'sandbox');
    const listed = await call(sim, 'GET', '/uploads?filter[ids]=only-here', { headers });
    const primary = await call(sim, 'GET', '/uploads?filter[ids]=only-here');
    expect(listOf(listed).meta.total_count).toBe(1);
    expect(listOf(primary).meta.total_count).toBe(0);
  });
});

describe('rate limit', () => {
  it('answers 429 with the reset delay once the budget is spent', async () => {
    const sim = await start({ rateLimit: { limit: 2, windowMs: 60_000 } });
    const accepted = [await call(sim, 'GET', '/uploads'), await call(sim, 'GET', '/uploads')];
    const refused = await call(sim, 'GET', '/uploads');
    expect(accepted.map((a) => a.headers.get('x-ratelimit-remaining'))).toEqual(['1', '0']);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-ratelimit-limit')).toBe('2');
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('x-ratelimit-reset')).toBe('60');
    expect(errorOf(refused)?.attributes).toMatchObject({ code: 'RATE_LIMIT_EXCEEDED', transient: true });
    expect(sim.stats().rateLimited).toBe(1);
  });

  it('counts refused requests out of the budget (fixed window)', () => {
    const limiter = new RateLimiter({ limit: 2, windowMs: 3000 });
    expect(limiter.take(0).allowed).toBe(true);
    expect(limiter.take(1000).allowed).toBe(true);
    expect(limiter.take(1500)).toMatchObject({ allowed: false, resetSeconds: 2 });
    expect(limiter.take(2999.5)).toMatchObject({ allowed: false, resetSeconds: 1 });
    expect(limiter.take(3000)).toMatchObject({ allowed: true, remaining: 1 });
  });

  it('frees one request at a time in sliding mode', () => {
    const limiter = new RateLimiter({ limit: 2, windowMs: 3000, mode: 'sliding' });
    limiter.take(0);
    limiter.take(1000);
    expect(limiter.take(2000)).toMatchObject({ allowed: false, resetSeconds: 1 });
    expect(limiter.take(3000)).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.take(3500)).toMatchObject({ allowed: false, resetSeconds: 1 });
    expect(limiter.take(4000).allowed).toBe(true);
  });
});

describe('injected faults', () => {
  it('answers a status with an HTML body for the matching requests only', async () => {
    const sim = await start({ uploads: 1, rateLimit: { limit: 100, windowMs: 1000 } });
    sim.inject({ match: { method: 'GET', path: '/uploads' }, times: 2, status: 502 });
    await call(sim, 'GET', '/job-results/1');
    const answers = [await call(sim, 'GET', '/uploads'), await call(sim, 'GET', '/uploads')];
    for (const answer of answers) {
      expect(answer.status).toBe(502);
      expect(answer.headers.get('content-type')).toContain('text/html');
      expect(answer.text).toContain('<html>');
      // A proxy answered: the API's headers are missing.
      expect(answer.headers.get('x-ratelimit-limit')).toBeNull();
    }
    expect((await call(sim, 'GET', '/uploads')).status).toBe(200);
    expect(sim.stats().faults).toBe(2);
  });

  it('answers a redirect with its headers', async () => {
    const sim = await start();
    sim.inject({
      match: { path: /^\/uploads$/ },
      status: 307,
      headers: { location: '/elsewhere' },
    });
    const answer = await call(sim, 'GET', '/uploads', { redirect: 'manual' });
    expect(answer.status).toBe(307);
    expect(answer.headers.get('location')).toBe('/elsewhere');
  });

  it('delays, then handles the request normally', async () => {
    const sim = await start();
    sim.inject({ delayMs: 80 });
    const started = performance.now();
    const answer = await call(sim, 'GET', '/uploads');
    expect(answer.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
  });

  it('drops the connection without answering', async () => {
    const sim = await start();
    sim.inject({ drop: true });
    await expect(call(sim, 'GET', '/uploads')).rejects.toThrow();
    expect(sim.requests[0]?.status).toBe(0);
    expect(sim.stats().byStatus[0]).toBe(1);
    expect((await call(sim, 'GET', '/uploads')).status).toBe(200);
  });

  it('handles the request for real, then loses the answer, with loseAnswer', async () => {
    const sim = await start({ uploads: 2, jobLatencyMs: 0 });
    sim.inject({ match: { path: '/uploads/batch-destroy' }, loseAnswer: true });
    await expect(batchDestroy(sim, [uploadId(0)])).rejects.toThrow();
    expect(sim.requests[0]?.status).toBe(0);
    expect(sim.jobs()).toHaveLength(1);
    expect(sim.uploadExists(uploadId(0))).toBe(false);
    expect(sim.uploadExists(uploadId(1))).toBe(true);
  });

  it('fails the job with jobStatus and deletes nothing', async () => {
    const sim = await start({ uploads: 1 });
    sim.inject({ jobStatus: 500 });
    await call(sim, 'GET', '/uploads'); // starts no job, so it does not use the fault up
    const submitted = await batchDestroy(sim, [uploadId(0)]);
    const result = await jobResult(sim, jobIdOf(submitted));
    expect(result.attributes.status).toBe(500);
    expect((result.attributes.payload.data as ApiErrorObject[])[0]).toMatchObject({
      type: 'api_error',
      attributes: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(sim.uploadExists(uploadId(0))).toBe(true);
    expect(sim.deletions).toEqual([]);
  });

  it('keeps a job pending with jobLatencyMs', async () => {
    const sim = await start({ uploads: 2 });
    sim.inject({ match: { path: '/uploads/batch-destroy' }, jobLatencyMs: 1e9 });
    const stuck = await batchDestroy(sim, [uploadId(0)]);
    const normal = await batchDestroy(sim, [uploadId(1)]);
    await jobResult(sim, jobIdOf(normal));
    expect((await call(sim, 'GET', `/job-results/${jobIdOf(stuck)}`)).status).toBe(404);
    expect(sim.jobs().map((job) => job.done)).toEqual([false, true]);
    expect(sim.uploadExists(uploadId(0))).toBe(true);
  });

  it('closes promptly while a delayed request is pending', async () => {
    const sim = await startSimulator({ rateLimit: false });
    sim.inject({ delayMs: 60_000 });
    const pending = call(sim, 'GET', '/uploads');
    while (sim.requests.length === 0) await sleep(1);
    await sim.close();
    await expect(pending).rejects.toThrow();
  });
});

describe('random faults', () => {
  async function outcomes(seed: number): Promise<Array<number | 'reset'>> {
    const sim = await start({ randomFaults: { rate: 0.3, seed, kinds: ['html-502', 'reset'] } });
    const results: Array<number | 'reset'> = [];
    for (let i = 0; i < 40; i++) {
      results.push(
        await call(sim, 'GET', '/uploads').then(
          (a) => a.status,
          () => 'reset' as const,
        ),
      );
    }
    expect(sim.stats().faults).toBe(results.filter((r) => r !== 200).length);
    return results;
  }

  it('faults the same requests for the same seed', async () => {
    const first = await outcomes(42);
    expect(await outcomes(42)).toEqual(first);
    expect(first).toContain(502);
    expect(first).toContain('reset');
    expect(first).toContain(200);
    expect(await outcomes(7)).not.toEqual(first);
  });
});

describe('load', () => {
  it('serves hundreds of concurrent requests', async () => {
    const sim = await start({ uploads: 10 });
    const answers = await Promise.all(Array.from({ length: 300 }, () => call(sim, 'GET', '/uploads?page[limit]=5')));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(sim.stats().requests).toBe(300);
  });
});

describe('cli', () => {
  it('turns flags into options', () => {
    expect(optionsFromArgs(['--port', '4000', '--uploads', '5', '--rate-limit', '10/1000'])).toEqual({
      port: 4000,
      uploads: 5,
      rateLimit: { limit: 10, windowMs: 1000 },
    });
    expect(optionsFromArgs(['--latency', '0', '--rate-limit', 'off'])).toEqual({
      jobLatencyMs: 0,
      rateLimit: false,
    });
    expect(() => optionsFromArgs(['--uploads', 'many'])).toThrow('"many"');
  });
});

describe('routes that are gone', () => {
  it.each([
    ['as-upload-id', 404, 'NOT_FOUND', { upload_id: 'batch-destroy' }],
    ['not-found', 404, 'NOT_FOUND', {}],
    ['invalid-id', 422, 'INVALID_ENTITY_ID', { id: 'batch-destroy' }],
  ] as const)('answers batch-destroy %s with %i %s', async (batchDestroy, status, code, details) => {
    const sim = await start({ uploads: 1, batchDestroy });
    const answer = await batchDestroyCall(sim);
    expect(answer.status).toBe(status);
    expect(errorCode(answer)).toBe(code);
    expect(errorOf(answer)?.attributes.details).toEqual(details);
    expect(sim.jobs()).toEqual([]);
    expect((await bulkDestroy(sim, [uploadId(0)])).status).toBe(202);
  });

  it('answers 405 with an empty body for method-not-allowed', async () => {
    const sim = await start({ uploads: 1, batchDestroy: 'method-not-allowed' });
    const answer = await batchDestroyCall(sim);
    expect([answer.status, answer.text]).toEqual([405, '']);
  });

  const batchDestroyCall = (sim: Simulator) => batchDestroy(sim, [uploadId(0)]);
});

describe('uploads in use', () => {
  const library = [{ id: 'free' }, { id: 'used', inUse: true }];

  it('counts them failed and keeps them by default', async () => {
    const sim = await start({ uploads: library });
    const submitted = await batchDestroy(sim, ['free', 'used']);
    expect((await jobResult(sim, jobIdOf(submitted))).attributes.payload.meta).toEqual({ successful: 1, failed: 1 });
    expect([sim.uploadExists('free'), sim.uploadExists('used')]).toEqual([false, true]);
    expect(errorCode(await call(sim, 'DELETE', '/uploads/used'))).toBe('DELETE_RESTRICTION');
  });

  it("refuses a whole request that names one with inUseUploads: 'refuse-request', without naming it", async () => {
    const sim = await start({ uploads: library, inUseUploads: 'refuse-request' });
    for (const answer of [await batchDestroy(sim, ['free', 'used']), await bulkDestroy(sim, ['used'])]) {
      expect(answer.status).toBe(422);
      expect(errorCode(answer)).toBe('UPLOAD_IS_CURRENTLY_IN_USE');
      expect(JSON.stringify(errorOf(answer)?.attributes.details)).not.toContain('"used"');
    }
    expect(sim.jobs()).toEqual([]);
    expect(idsOf(await call(sim, 'GET', '/uploads?filter[ids]=free,used&filter[fields][in_use][eq]=true'))).toEqual([
      'used',
    ]);
  });

  it("deletes them like any other with inUseUploads: 'delete'", async () => {
    const sim = await start({ uploads: library, inUseUploads: 'delete' });
    const submitted = await batchDestroy(sim, ['free', 'used']);
    expect((await jobResult(sim, jobIdOf(submitted))).attributes.payload.meta).toEqual({ successful: 2, failed: 0 });
  });
});

describe('listing order and broken listings', () => {
  const library = [
    { id: 'b', createdAt: '2024-03-01T00:00:00Z', size: 5 },
    { id: 'a', createdAt: '2024-01-01T00:00:00Z', size: 9 },
    { id: 'c', createdAt: '2024-01-01T00:00:00Z', size: 1 },
  ];

  it('orders by order_by, ties in insertion order, and refuses an unknown order', async () => {
    const sim = await start({ uploads: library });
    expect(idsOf(await call(sim, 'GET', '/uploads?order_by=_created_at_ASC'))).toEqual(['a', 'c', 'b']);
    expect(idsOf(await call(sim, 'GET', '/uploads?order_by=_created_at_DESC'))).toEqual(['b', 'a', 'c']);
    expect(idsOf(await call(sim, 'GET', '/uploads?order_by=_created_at_ASC,size_ASC'))).toEqual(['c', 'a', 'b']);
    const unknown = await call(sim, 'GET', '/uploads?order_by=title_ASC');
    expect([unknown.status, errorCode(unknown)]).toEqual([422, 'INVALID_PARAMS']);
  });

  it('lists attributes a seed overrides, while filters use the real ones', async () => {
    const sim = await start({
      uploads: [{ id: 'x', createdAt: '2020-01-01T00:00:00Z', listedAttributes: { created_at: undefined } }],
    });
    const [listed] = listOf(await call(sim, 'GET', '/uploads?filter[fields][_created_at][lt]=2021-01-01')).data;
    expect(listed?.id).toBe('x');
    expect(listed?.attributes).not.toHaveProperty('created_at');
  });

  it.each([
    [
      'endless',
      (page: ReturnType<typeof listOf>) => expect([page.data.length, page.meta.total_count]).toEqual([500, 1e12]),
    ],
    ['repeat-pages', (page: ReturnType<typeof listOf>) => expect(page.data.map((r) => r.id)).toEqual(['b', 'a', 'c'])],
    ['no-total-count', (page: ReturnType<typeof listOf>) => expect(page.meta).toEqual({})],
    ['not-uploads', (page: ReturnType<typeof listOf>) => expect(page.data[0]?.type).toBe('item')],
  ] as const)('plays a %s listing', async (listing, check) => {
    const sim = await start({ uploads: library, listing });
    check(listOf(await call(sim, 'GET', '/uploads?page[offset]=500&page[limit]=500')));
  });

  it('records when each request was answered', async () => {
    const sim = await start({ uploads: 1 });
    sim.inject({ match: { path: '/uploads' }, delayMs: 50 });
    await call(sim, 'GET', '/uploads');
    const [request] = sim.requests;
    expect((request?.answeredAt ?? 0) - (request?.time ?? 0)).toBeGreaterThanOrEqual(45);
  });
});

describe('a fault after some requests', () => {
  it('spares the first `after` matching requests', async () => {
    const sim = await start({ uploads: 3 });
    sim.inject({ match: { method: 'GET', path: '/uploads' }, after: 2, status: 503 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(sim, 'GET', '/uploads')).status);
    expect(statuses).toEqual([200, 200, 503, 200]);
  });
});

describe('environment lookup', () => {
  const metaOf = (answer: Answer) => (dataOf(answer) as { id: string; meta: Record<string, unknown> }).meta;

  it('lists the primary by its real ID, then the sandboxes', async () => {
    const sim = await start({ environments: ['staging'], readOnlyEnvironments: ['staging'] });
    const list = dataOf(await call(sim, 'GET', '/environments')) as { id: string; meta: Record<string, unknown> }[];
    expect(list.map((e) => [e.id, e.meta.primary, e.meta.read_only_mode])).toEqual([
      ['main', true, false],
      ['staging', false, true],
    ]);
    expect(metaOf(await call(sim, 'GET', '/environments/main'))).toMatchObject({ primary: true });
    expect((await call(sim, 'GET', '/environments/primary')).status).toBe(404);
    expect((await call(sim, 'GET', '/environments/nope')).status).toBe(404);
  });

  it('plays a token that may not read environments, or sees only sandboxes', async () => {
    const refused = await start({ environmentLookup: 'refused' });
    expect(errorCode(await call(refused, 'GET', '/environments'))).toBe('INSUFFICIENT_PERMISSIONS');
    const hidden = await start({ environments: ['dev'], environmentLookup: 'sandboxes-only' });
    expect((dataOf(await call(hidden, 'GET', '/environments')) as { id: string }[]).map((e) => e.id)).toEqual(['dev']);
    expect((await call(hidden, 'GET', '/environments/main')).status).toBe(404);
  });

  it('refuses every deletion in a read-only environment', async () => {
    const sim = await start({ uploads: 1, readOnlyEnvironments: ['main'] });
    const answer = await batchDestroy(sim, [uploadId(0)]);
    expect([answer.status, errorCode(answer)]).toEqual([422, 'ENVIRONMENT_IN_READ_ONLY_MODE']);
  });
});

describe('tracks in a sandbox', () => {
  const seed = [{ id: 'vid', tracks: [{ id: 'en' }] }];
  const sandbox = { ...HEADERS, 'X-Environment': 'dev' };

  it('are refused at once by default, and deletable in the primary', async () => {
    const sim = await start({ uploads: seed, environments: ['dev'] });
    const refused = await call(sim, 'DELETE', '/uploads/vid/tracks/en', { headers: sandbox });
    expect([refused.status, errorCode(refused)]).toEqual([422, 'IMMUTABLE_UPLOAD_TRACKS_IN_SANDBOX_ENVIRONMENT']);
    expect((await call(sim, 'DELETE', '/uploads/vid/tracks/en')).status).toBe(202);
  });

  it('can be refused by the job instead, or deleted as before', async () => {
    const inJob = await start({ uploads: seed, environments: ['dev'], sandboxTracks: 'refuse-in-job' });
    const started = await call(inJob, 'DELETE', '/uploads/vid/tracks/en', { headers: sandbox });
    const result = await jobResult(inJob, jobIdOf(started), sandbox);
    expect(result.attributes.status).toBe(422);
    expect(inJob.trackExists('vid', 'en', 'dev')).toBe(true);
    const allowed = await start({ uploads: seed, environments: ['dev'], sandboxTracks: 'allow' });
    expect((await call(allowed, 'DELETE', '/uploads/vid/tracks/en', { headers: sandbox })).status).toBe(202);
  });
});

describe('array filters', () => {
  it('reads KEY[] repeated as one list', async () => {
    const sim = await start({
      uploads: [
        { id: 'a', tags: ['r41'] },
        { id: 'b', tags: ['r42', 'r41'] },
        { id: 'c', tags: ['r43'] },
        { id: 'd', filename: 'd.pdf' },
      ],
    });
    const listed = async (query: string) => idsOf(await call(sim, 'GET', `/uploads?${query}`));
    const tags = 'filter[fields][tags]';
    expect(await listed(`${tags}[any_in][]=r41&${tags}[any_in][]=r42`)).toEqual(['a', 'b']);
    expect(await listed(`${tags}[all_in][]=r41&${tags}[all_in][]=r42`)).toEqual(['b']);
    expect(await listed('filter[fields][type][not_in][]=image')).toEqual(['d']);
    expect((await call(sim, 'GET', `/uploads?${tags}[any_in]=r41`)).status).toBe(422);
  });
});
