/** The simulator's asset host (downloads, storage PUTs, asset faults) and the documented create flow, over real HTTP. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { optionsFromArgs } from '../simulator/cli.ts';
import {
  SIMULATOR_CA_CERT,
  startSimulator,
  uploadId,
  type Simulator,
  type SimulatorOptions,
  type UploadResource,
} from '../simulator/index.ts';

/** Trusts the simulator's test certificate in this process only. */
const assets = new Agent({ connect: { ca: readFileSync(SIMULATOR_CA_CERT) } });
const cma = new Agent();

const TOKEN_HEADERS = { authorization: 'Bearer sim-token', 'x-api-version': '3', accept: 'application/json' };
const JSON_HEADERS = { ...TOKEN_HEADERS, 'content-type': 'application/json' };

const running: Simulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

afterAll(async () => {
  await Promise.all([assets.close(), cma.close()]);
});

async function start(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({ rateLimit: false, jobLatencyMs: 0, ...options });
  running.push(sim);
  return sim;
}

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

interface Fetched {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  bytes: Buffer;
}

async function fetchAsset(url: string, method: 'GET' | 'HEAD' = 'GET'): Promise<Fetched> {
  const answer = await request(url, { method, dispatcher: assets });
  const bytes = Buffer.from(await answer.body.arrayBuffer());
  return { status: answer.statusCode, headers: answer.headers, bytes };
}

async function api(
  sim: Simulator,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  headers: Record<string, string> = JSON_HEADERS,
) {
  const answer = await request(`${sim.url}${path}`, {
    method,
    headers,
    dispatcher: cma,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await answer.body.text();
  return { status: answer.statusCode, json: (text ? JSON.parse(text) : undefined) as Record<string, unknown> };
}

const listed = async (sim: Simulator, query = '') =>
  ((await api(sim, 'GET', `/uploads${query}`)).json as { data: UploadResource[] }).data;

const errorOf = (json: Record<string, unknown>) =>
  (json as { data: Array<{ attributes: { code: string; details: Record<string, unknown> } }> }).data[0]?.attributes;

interface UploadRequest {
  id: string;
  attributes: { url: string; request_headers: Record<string, string> };
}

async function uploadRequest(
  sim: Simulator,
  filename: string,
  headers: Record<string, string> = JSON_HEADERS,
): Promise<UploadRequest> {
  const body = { data: { type: 'upload_request', attributes: { filename } } };
  const answer = await api(sim, 'POST', '/upload-requests', body, headers);
  expect(answer.status).toBe(201);
  return (answer.json as { data: UploadRequest }).data;
}

async function put(url: string, body: Buffer | Readable, headers: Record<string, string>) {
  const answer = await request(url, { method: 'PUT', dispatcher: assets, headers, body });
  return { status: answer.statusCode, headers: answer.headers, text: await answer.body.text() };
}

/** Step 2 as a client does it: exactly the headers named, and the length. */
const putFile = (target: UploadRequest, bytes: Buffer) =>
  put(target.attributes.url, bytes, { ...target.attributes.request_headers, 'content-length': String(bytes.length) });

function createBody(path: string, extra: Record<string, unknown> = {}, relationships?: unknown) {
  return { data: { type: 'upload', attributes: { path, ...extra }, ...(relationships ? { relationships } : {}) } };
}

async function jobPayload(sim: Simulator, jobId: string) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const answer = await api(sim, 'GET', `/job-results/${jobId}`);
    if (answer.status === 200) {
      return (answer.json as { data: { attributes: { status: number; payload: { data: UploadResource } } } }).data
        .attributes;
    }
    await sleep(5);
  }
  throw new Error(`job ${jobId} did not complete`);
}

/** The whole documented flow; resolves to the job's attributes. */
async function restore(
  sim: Simulator,
  filename: string,
  bytes: Buffer,
  extra = {},
  headers: Record<string, string> = JSON_HEADERS,
) {
  const target = await uploadRequest(sim, filename, headers);
  expect((await putFile(target, bytes)).status).toBe(200);
  const created = await api(sim, 'POST', '/uploads', createBody(target.id, extra), headers);
  expect(created.status).toBe(202);
  return { target, job: await jobPayload(sim, (created.json as { data: { id: string } }).data.id) };
}

describe('asset host', () => {
  it('serves each listed url over https, with its length, type and the listed md5', async () => {
    const sim = await start({ uploads: 3 });
    expect(sim.assetUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    for (const upload of await listed(sim)) {
      const { url, size, md5: listedMd5, path, mime_type } = upload.attributes;
      expect(url).toBe(`${sim.assetUrl}${String(path)}`);
      const file = await fetchAsset(String(url));
      expect(file.status).toBe(200);
      expect(file.headers['content-length']).toBe(String(size));
      expect(file.headers['content-type']).toBe('image/jpeg');
      expect(mime_type).toBe('image/jpeg');
      expect(file.bytes.length).toBe(size);
      expect(md5(file.bytes)).toBe(listedMd5);
      expect(sim.uploadFile(upload.id)?.equals(file.bytes)).toBe(true);
    }
  });

  it('generates the same bytes for the same upload in every run, and different ones for another', async () => {
    const seeds = [
      { id: 'a', size: 5000 },
      { id: 'b', size: 5000 },
    ];
    const [one, two] = [await start({ uploads: seeds }), await start({ uploads: seeds })];
    expect(one.uploadFile('a')?.equals(two.uploadFile('a') ?? Buffer.alloc(0))).toBe(true);
    expect(one.uploadFile('a')?.equals(one.uploadFile('b') ?? Buffer.alloc(0))).toBe(false);
  });

  it('lists the real md5 at every size, past the cached hash states too', async () => {
    const sizes = [0, 1, 63, 64, 65, 511, 512, 513, 65_543, 1_048_576 + 700];
    const sim = await start({ uploads: sizes.map((size, i) => ({ id: `s${i}`, size })) });
    for (const [i, size] of sizes.entries()) {
      const bytes = sim.uploadFile(`s${i}`) ?? Buffer.alloc(1);
      expect(bytes.length).toBe(size);
      expect(sim.uploadResource(`s${i}`)?.attributes.md5).toBe(md5(bytes));
    }
    const big = await fetchAsset(String(sim.uploadResource('s9')?.attributes.url));
    expect(md5(big.bytes)).toBe(sim.uploadResource('s9')?.attributes.md5);
  });

  it('serves given content, and lists its size and md5', async () => {
    const sim = await start({ uploads: [{ id: 't', filename: 'notes.txt', content: 'héllo' }] });
    const upload = sim.uploadResource('t');
    expect(upload?.attributes).toMatchObject({ size: 6, md5: md5(Buffer.from('héllo')), mime_type: 'text/plain' });
    const file = await fetchAsset(String(upload?.attributes.url));
    expect(file.bytes.toString('utf8')).toBe('héllo');
    expect(file.headers['content-type']).toBe('text/plain');
  });

  it('refuses a seed whose size and content disagree', async () => {
    await expect(startSimulator({ uploads: [{ id: 'x', size: 3, content: 'four' }] })).rejects.toThrow(
      /size 3 but content of 4 bytes/,
    );
  });

  it("lists md5 null with md5: 'none', and what listedAttributes says over the real one", async () => {
    const sim = await start({ uploads: [{ id: 'a' }], md5: 'none' });
    expect(sim.uploadResource('a')?.attributes.md5).toBeNull();
    const lying = await start({ uploads: [{ id: 'a', listedAttributes: { md5: 'f'.repeat(32) } }] });
    const upload = lying.uploadResource('a');
    expect(upload?.attributes.md5).toBe('f'.repeat(32));
    expect(md5((await fetchAsset(String(upload?.attributes.url))).bytes)).not.toBe('f'.repeat(32));
  });

  it('answers HEAD with the headers only, an unknown path with 404, a POST with 405', async () => {
    const sim = await start({ uploads: [{ id: 'a', filename: 'a.pdf', size: 10 }] });
    const head = await fetchAsset(`${sim.assetUrl}/1/a/a.pdf`, 'HEAD');
    expect(head).toMatchObject({ status: 200, bytes: Buffer.alloc(0) });
    expect(head.headers['content-length']).toBe('10');
    expect(head.headers['content-type']).toBe('application/pdf');
    expect((await fetchAsset(`${sim.assetUrl}/1/a/b.pdf`)).status).toBe(404);
    expect((await fetchAsset(`${sim.assetUrl}/1/zz/a.pdf`)).status).toBe(404);
    expect((await request(`${sim.assetUrl}/1/a/a.pdf`, { method: 'POST', dispatcher: assets })).statusCode).toBe(405);
  });

  it('encodes filenames into valid urls and serves them', async () => {
    const sim = await start({ uploads: [{ id: 'a', filename: 'a b#?.png' }] });
    const url = String(sim.uploadResource('a')?.attributes.url);
    expect(url).toBe(`${sim.assetUrl}/1/a/a%20b%23%3F.png`);
    expect((await fetchAsset(url)).status).toBe(200);
  });

  it('stops serving a file once its upload is gone from every environment', async () => {
    const sim = await start({ uploads: [{ id: 'a' }], environments: ['dev'] });
    const url = String(sim.uploadResource('a')?.attributes.url);
    await request(`${sim.url}/uploads/a`, { method: 'DELETE', headers: TOKEN_HEADERS, dispatcher: cma });
    expect((await fetchAsset(url)).status).toBe(200);
    const headers = { ...TOKEN_HEADERS, 'x-environment': 'dev' };
    await request(`${sim.url}/uploads/a`, { method: 'DELETE', headers, dispatcher: cma });
    expect((await fetchAsset(url)).status).toBe(404);
  });

  it('records its requests apart from the CMA, with no rate limit headers', async () => {
    const sim = await start({ uploads: 1, rateLimit: { limit: 1, windowMs: 60_000 } });
    const url = String(sim.uploadResource(uploadId(0))?.attributes.url);
    for (let i = 0; i < 3; i++) {
      const file = await fetchAsset(url);
      expect(file.status).toBe(200);
      expect(file.headers['x-ratelimit-limit']).toBeUndefined();
    }
    expect(sim.requests).toHaveLength(0);
    expect(sim.assetRequests).toHaveLength(3);
    expect(sim.assetRequests[0]).toMatchObject({ method: 'GET', path: new URL(url).pathname, status: 200 });
    expect(sim.assetRequests[0]?.headers.authorization).toBeUndefined();
    expect(sim.assetRequests[0]?.answeredAt).toBeGreaterThan(0);
  });

  it('is refused by a client that does not trust the test certificate', async () => {
    const sim = await start({ uploads: 1 });
    const untrusting = new Agent();
    try {
      await expect(request(`${sim.assetUrl}/1/x/y`, { dispatcher: untrusting })).rejects.toThrow(/certificate/i);
    } finally {
      await untrusting.close();
    }
  });
});

describe('seed metadata', () => {
  it('lists author, copyright, notes, default_field_metadata, mime_type and the upload collection', async () => {
    const defaultFieldMetadata = {
      alt: { en: 'A cat' },
      custom_data: { en: { k: 'v' } },
      focal_point: { x: 0.5, y: 1 },
    };
    const sim = await start({
      uploads: [
        {
          id: 'a',
          author: 'Ada',
          copyright: '© Ada',
          notes: 'n',
          defaultFieldMetadata,
          uploadCollection: 'c1',
          mimeType: 'image/x-custom',
        },
        { id: 'b' },
      ],
    });
    const [a, b] = await listed(sim);
    expect(a?.attributes).toMatchObject({ author: 'Ada', copyright: '© Ada', notes: 'n', mime_type: 'image/x-custom' });
    expect(a?.attributes.default_field_metadata).toEqual({
      alt: { en: 'A cat' },
      title: {},
      custom_data: { en: { k: 'v' } },
      focal_point: { x: 0.5, y: 1 },
      poster_time: null,
    });
    expect(a?.relationships).toEqual({ upload_collection: { data: { type: 'upload_collection', id: 'c1' } } });
    expect(b?.attributes).toMatchObject({ author: null, copyright: null, notes: null });
    expect(b?.relationships).toEqual({ upload_collection: { data: null } });
    expect((await fetchAsset(String(a?.attributes.url))).headers['content-type']).toBe('image/x-custom');
  });
});

describe('asset faults', () => {
  it('slow: the file arrives whole, about delayMs late', async () => {
    const sim = await start({ uploads: [{ id: 'a', size: 10_000 }] });
    sim.injectAsset({ kind: 'slow', delayMs: 300 });
    const started = performance.now();
    const file = await fetchAsset(String(sim.uploadResource('a')?.attributes.url));
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    expect(md5(file.bytes)).toBe(sim.uploadResource('a')?.attributes.md5);
  });

  it('truncate: the whole length announced, about half sent, then the connection closed', async () => {
    const sim = await start({ uploads: [{ id: 'a', size: 200_000 }] });
    sim.injectAsset({ kind: 'truncate' });
    const answer = await request(String(sim.uploadResource('a')?.attributes.url), { dispatcher: assets });
    expect(answer.headers['content-length']).toBe('200000');
    let received = 0;
    await expect(
      (async () => {
        for await (const chunk of answer.body) received += (chunk as Buffer).length;
      })(),
    ).rejects.toThrow();
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(200_000);
    expect((await fetchAsset(String(sim.uploadResource('a')?.attributes.url))).bytes.length).toBe(200_000);
  });

  it('wrong-bytes: as many bytes, another md5', async () => {
    const sim = await start({ uploads: [{ id: 'a', size: 3000 }] });
    sim.injectAsset({ kind: 'wrong-bytes' });
    const file = await fetchAsset(String(sim.uploadResource('a')?.attributes.url));
    expect(file.status).toBe(200);
    expect(file.bytes.length).toBe(3000);
    expect(md5(file.bytes)).not.toBe(sim.uploadResource('a')?.attributes.md5);
  });

  it('status: 403 by default, or the status given, as S3 XML; only the matching upload, `times` times', async () => {
    const sim = await start({ uploads: [{ id: 'a' }, { id: 'b' }] });
    const [a, b] = ['a', 'b'].map((id) => String(sim.uploadResource(id)?.attributes.url));
    sim.injectAsset({ kind: 'status', match: { uploadId: 'b' } });
    sim.injectAsset({ kind: 'status', status: 503, times: 2 });
    expect((await fetchAsset(a ?? '')).status).toBe(503);
    const refused = await fetchAsset(b ?? '');
    expect(refused.status).toBe(403);
    expect(refused.bytes.toString()).toContain('<Code>AccessDenied</Code>');
    expect((await fetchAsset(b ?? '')).status).toBe(503);
    expect((await fetchAsset(b ?? '')).status).toBe(200);
  });

  it('redirect: 302 to the same file over https, over http, or to the url given', async () => {
    const sim = await start({ uploads: [{ id: 'a' }] });
    const url = String(sim.uploadResource('a')?.attributes.url);
    sim.injectAsset({ kind: 'redirect' });
    sim.injectAsset({ kind: 'redirect', to: 'http' });
    sim.injectAsset({ kind: 'redirect', to: 'https://example.invalid/x' });
    const locations = [];
    for (let i = 0; i < 3; i++) {
      const answer = await fetchAsset(url);
      expect(answer.status).toBe(302);
      locations.push(answer.headers.location);
    }
    expect(locations).toEqual([url, url.replace('https:', 'http:'), 'https://example.invalid/x']);
    expect((await fetchAsset(url)).status).toBe(200);
  });

  it('refuses a fault it could not play', () => {
    return start().then((sim) => {
      expect(() => sim.injectAsset({ kind: 'nope' as 'slow' })).toThrow(/kind must be one of/);
      expect(() => sim.injectAsset({ kind: 'slow', times: 0 })).toThrow(/times/);
    });
  });
});

describe('upload requests (step 1)', () => {
  it('answers 201 with a storage path, a presigned url on the asset host and the headers to send', async () => {
    const sim = await start();
    const target = await uploadRequest(sim, 'cat.png');
    expect(target.id).toMatch(/^\/1\/\d+-cat\.png$/);
    expect(target.attributes.url.startsWith(`${sim.assetUrl}/storage/`)).toBe(true);
    expect(target.attributes.url).toContain('X-Amz-Signature=');
    expect(target.attributes.request_headers).toEqual({ 'Content-Type': 'image/png', 'x-amz-acl': 'public-read' });
    expect((await uploadRequest(sim, 'cat.png')).id).not.toBe(target.id);
  });

  it('refuses a body without a filename, of another type, or not JSON, with 422 INVALID_FIELD', async () => {
    const sim = await start();
    const bodies = [
      { data: { type: 'upload_request', attributes: {} } },
      { data: { type: 'upload_request', attributes: { filename: '' } } },
      { data: { type: 'upload_request', attributes: { filename: 'a/b.png' } } },
      { data: { type: 'upload', attributes: { filename: 'a.png' } } },
      '{"data":',
    ];
    for (const body of bodies) {
      const answer = await api(sim, 'POST', '/upload-requests', body);
      expect(answer.status).toBe(422);
      expect(errorOf(answer.json)?.code).toBe('INVALID_FIELD');
    }
    expect(errorOf((await api(sim, 'POST', '/upload-requests', bodies[0])).json)?.details.field).toBe('filename');
  });

  it('needs a role that may write, in an environment that is not read-only', async () => {
    const sim = await start({
      forbiddenTokens: ['reader'],
      environments: ['frozen'],
      readOnlyEnvironments: ['frozen'],
    });
    const body = { data: { type: 'upload_request', attributes: { filename: 'a.png' } } };
    const reader = await api(sim, 'POST', '/upload-requests', body, {
      ...JSON_HEADERS,
      authorization: 'Bearer reader',
    });
    expect(errorOf(reader.json)?.code).toBe('INSUFFICIENT_PERMISSIONS');
    const frozen = await api(sim, 'POST', '/upload-requests', body, { ...JSON_HEADERS, 'x-environment': 'frozen' });
    expect(errorOf(frozen.json)?.code).toBe('ENVIRONMENT_IN_READ_ONLY_MODE');
    const create = await api(sim, 'POST', '/uploads', createBody('/1/1-a.png'), {
      ...JSON_HEADERS,
      authorization: 'Bearer reader',
    });
    expect(create.status).toBe(403);
  });
});

describe('storage PUT (step 2)', () => {
  it('stores the bytes and answers their md5 as ETag', async () => {
    const sim = await start();
    const target = await uploadRequest(sim, 'a.png');
    const answer = await putFile(target, Buffer.from('png bytes'));
    expect(answer.status).toBe(200);
    expect(answer.headers.etag).toBe(`"${md5(Buffer.from('png bytes'))}"`);
    expect(sim.assetRequests.at(-1)).toMatchObject({ method: 'PUT', status: 200 });
  });

  it('refuses a PUT that is not exactly what the presigned url and request_headers ask for', async () => {
    const sim = await start();
    const target = await uploadRequest(sim, 'a.png');
    const bytes = Buffer.from('x');
    const good = { ...target.attributes.request_headers, 'content-length': '1' };
    const url = target.attributes.url;
    const cases: Array<[string, Record<string, string>, number, string]> = [
      [url, { ...good, 'Content-Type': 'image/jpeg' }, 403, 'SignatureDoesNotMatch'],
      [url, { 'Content-Type': 'image/png', 'content-length': '1' }, 403, 'SignatureDoesNotMatch'],
      [url, { ...good, authorization: 'Bearer sim-token' }, 400, 'InvalidArgument'],
      [url, { ...good, 'x-api-version': '3' }, 400, 'InvalidArgument'],
      [url, { ...good, 'x-environment': 'main' }, 400, 'InvalidArgument'],
      [url.replace(/X-Amz-Signature=\w+/, 'X-Amz-Signature=0'), good, 403, 'SignatureDoesNotMatch'],
      [url.replace(/storage\/\w+/, 'storage/unknown'), good, 403, 'AccessDenied'],
    ];
    for (const [target, headers, status, code] of cases) {
      const answer = await put(target, bytes, headers);
      expect([answer.status, answer.text]).toEqual([status, expect.stringContaining(`<Code>${code}</Code>`)]);
    }
    const chunked = await put(url, Readable.from([bytes]), target.attributes.request_headers);
    expect(chunked.status).toBe(411);
    const created = await api(sim, 'POST', '/uploads', createBody(target.id));
    expect(errorOf(created.json)?.details).toMatchObject({ field: 'path' });
  });

  it('plays asset faults on PUTs: status and truncate store nothing, wrong-bytes stores other bytes', async () => {
    const sim = await start();
    const target = await uploadRequest(sim, 'a.png');
    const bytes = Buffer.from('the file');
    sim.injectAsset({ kind: 'status', status: 503, match: { method: 'PUT' } });
    expect((await putFile(target, bytes)).status).toBe(503);
    sim.injectAsset({ kind: 'truncate', match: { method: 'PUT' } });
    await expect(putFile(target, bytes)).rejects.toThrow();
    expect((await api(sim, 'POST', '/uploads', createBody(target.id))).status).toBe(422);
    sim.injectAsset({ kind: 'wrong-bytes', match: { method: 'PUT' } });
    const answer = await putFile(target, bytes);
    expect(answer.status).toBe(200);
    expect(answer.headers.etag).not.toBe(`"${md5(bytes)}"`);
  });
});

describe('creating an upload (step 3)', () => {
  it('creates the upload in a job, with a new id, the stored bytes and the metadata given', async () => {
    const sim = await start({ uploads: 2 });
    const bytes = Buffer.from('restored bytes');
    const metadata = {
      author: 'Ada',
      copyright: null,
      notes: 'n',
      tags: ['a', 'b'],
      default_field_metadata: { alt: { en: 'A cat' }, focal_point: null },
    };
    const { target, job } = await restore(sim, 'cat.png', bytes, metadata);
    expect(job.status).toBe(201);
    const upload = job.payload.data;
    expect(upload.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(upload.attributes).toMatchObject({
      filename: 'cat.png',
      path: target.id,
      size: bytes.length,
      md5: md5(bytes),
      author: 'Ada',
      copyright: null,
      notes: 'n',
      tags: ['a', 'b'],
      mime_type: 'image/png',
    });
    expect(upload.attributes.default_field_metadata).toMatchObject({ alt: { en: 'A cat' }, title: {} });
    expect(Date.parse(String(upload.attributes.created_at))).toBeGreaterThan(Date.now() - 60_000);
    expect(sim.creations).toEqual([{ environment: 'primary', uploadId: upload.id, path: target.id, jobId: '1' }]);
    expect(sim.uploadFile(upload.id)?.equals(bytes)).toBe(true);
    expect(sim.uploadResource(upload.id)).toEqual(upload);
    expect((await listed(sim)).map((u) => u.id)).toEqual([uploadId(0), uploadId(1), upload.id]);
    expect((await listed(sim, `?filter[ids]=${upload.id}`)).map((u) => u.id)).toEqual([upload.id]);
    expect((await fetchAsset(String(upload.attributes.url))).bytes.equals(bytes)).toBe(true);
  });

  it('creates in the environment named, and the upload can be deleted there', async () => {
    const sim = await start({ environments: ['dev'] });
    const headers = { ...JSON_HEADERS, 'x-environment': 'dev' };
    const { job } = await restore(sim, 'a.txt', Buffer.from('a'), {}, headers);
    const id = job.payload.data.id;
    expect(sim.uploadExists(id, 'dev')).toBe(true);
    expect(sim.uploadExists(id)).toBe(false);
    expect(sim.uploads()).toEqual([]);
    expect(sim.creations[0]?.environment).toBe('dev');
    const destroyed = await request(`${sim.url}/uploads/${id}`, { method: 'DELETE', headers, dispatcher: cma });
    expect(destroyed.statusCode).toBe(200);
    expect(sim.uploadExists(id, 'dev')).toBe(false);
  });

  it('links the upload collection given', async () => {
    const sim = await start();
    const target = await uploadRequest(sim, 'a.png');
    await putFile(target, Buffer.from('a'));
    const relationships = { upload_collection: { data: { type: 'upload_collection', id: 'c7' } } };
    const created = await api(sim, 'POST', '/uploads', createBody(target.id, {}, relationships));
    const job = await jobPayload(sim, (created.json as { data: { id: string } }).data.id);
    expect(job.payload.data.relationships.upload_collection.data).toEqual({ type: 'upload_collection', id: 'c7' });
  });

  it('refuses at once a path never requested, or requested but never PUT, naming path', async () => {
    const sim = await start();
    const target = await uploadRequest(sim, 'a.png');
    for (const path of ['/1/999-a.png', target.id]) {
      const answer = await api(sim, 'POST', '/uploads', createBody(path));
      expect(answer.status).toBe(422);
      expect(errorOf(answer.json)).toMatchObject({ code: 'INVALID_FIELD', details: { field: 'path' } });
    }
    expect(sim.jobs()).toEqual([]);
  });

  it('refuses metadata of the wrong shape, e.g. default_field_metadata keyed by locale', async () => {
    const sim = await start();
    const target = await uploadRequest(sim, 'a.png');
    await putFile(target, Buffer.from('a'));
    const wrong = [
      { default_field_metadata: { en: { alt: 'x' } } },
      { default_field_metadata: { focal_point: { x: 2, y: 0 } } },
      { tags: 'a' },
      { author: 3 },
    ];
    for (const extra of wrong) {
      const answer = await api(sim, 'POST', '/uploads', createBody(target.id, extra));
      expect(answer.status).toBe(422);
      expect(errorOf(answer.json)?.code).toBe('INVALID_FIELD');
    }
    const badCollection = { upload_collection: { data: { type: 'collection', id: 'x' } } };
    const answer = await api(sim, 'POST', '/uploads', createBody(target.id, {}, badCollection));
    expect(errorOf(answer.json)?.details.field).toBe('upload_collection');
  });

  it('keeps the job faults: a failed job creates nothing, a lost answer still creates, a lying job names a ghost', async () => {
    const sim = await start();
    const target = await uploadRequest(sim, 'a.png');
    await putFile(target, Buffer.from('a'));
    sim.inject({ match: { method: 'POST', path: '/uploads' }, jobStatus: 500 });
    const failed = await api(sim, 'POST', '/uploads', createBody(target.id));
    expect((await jobPayload(sim, (failed.json as { data: { id: string } }).data.id)).status).toBe(500);
    expect(sim.creations).toEqual([]);

    sim.inject({ match: { method: 'POST', path: '/uploads' }, loseAnswer: true });
    await expect(api(sim, 'POST', '/uploads', createBody(target.id))).rejects.toThrow();
    await sleep(10);
    expect(sim.creations).toHaveLength(1);

    sim.inject({ match: { method: 'POST', path: '/uploads' }, jobLies: true });
    const lying = await api(sim, 'POST', '/uploads', createBody(target.id));
    const ghost = (await jobPayload(sim, (lying.json as { data: { id: string } }).data.id)).payload.data;
    expect(sim.uploadExists(ghost.id)).toBe(false);
    expect(sim.creations).toHaveLength(1);
    expect(sim.jobs().map((job) => job.kind)).toEqual(['create', 'create', 'create']);
  });

  it('completes after jobLatencyMs, like the other jobs', async () => {
    const sim = await start({ jobLatencyMs: 150 });
    const target = await uploadRequest(sim, 'a.png');
    await putFile(target, Buffer.from('a'));
    const created = await api(sim, 'POST', '/uploads', createBody(target.id));
    const jobId = (created.json as { data: { id: string } }).data.id;
    expect((await api(sim, 'GET', `/job-results/${jobId}`)).status).toBe(404);
    expect(sim.creations).toEqual([]);
    await sleep(170);
    expect((await api(sim, 'GET', `/job-results/${jobId}`)).status).toBe(200);
    expect(sim.creations).toHaveLength(1);
  });
});

describe('command line', () => {
  it('reads --asset-port', () => {
    expect(optionsFromArgs(['--asset-port', '8443'])).toEqual({ assetPort: 8443 });
  });
});
