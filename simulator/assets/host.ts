import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { fileURLToPath } from 'node:url';
import type { AssetFaultQueue } from './faults.ts';
import { sendFile, type AssetFile } from './get.ts';
import { storePut } from './put.ts';
import { redirectTarget, sendS3Error } from './reply.ts';
import {
  closeServer,
  listen,
  parseUrl,
  readBytes,
  recordOf,
  segmentsOf,
  sendText,
  type RunningServer,
} from '../common/http-parts.ts';
import { Sleeper } from '../common/sleeper.ts';
import type { Storage } from '../common/storage.ts';
import type { Environments } from '../common/store.ts';
import type { AssetFault } from './types.ts';
import type { RecordedRequest } from '../common/types.ts';

/** The committed test certificate for 127.0.0.1 and localhost (see tls/README.md). */
export const CA_CERT_PATH = fileURLToPath(new URL('./tls/cert.pem', import.meta.url));
const KEY_PATH = fileURLToPath(new URL('./tls/key.pem', import.meta.url));

/** What the asset host serves and stores, and where it records. */
export interface AssetSite {
  environments: Environments;
  storage: Storage;
  faults: AssetFaultQueue;
  requests: RecordedRequest[];
  startedAt: number;
}

interface AssetExchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  segments: string[];
  entry: RecordedRequest;
}

/**
 * The file at a path: `/1/<id>/<filename>` of a seeded (or added) upload, or the storage path of a
 * created one, in any environment (the primary first): the CDN serves a file while any
 * environment still has its upload.
 */
function findFile(environments: Environments, segments: string[]): AssetFile | undefined {
  const [first, id = '', filename] = segments;
  const byId = segments.length === 3 && first === '1';
  for (const library of environments.all()) {
    const seeded = byId ? library.get(id) : undefined;
    const upload =
      seeded && seeded.storagePath === undefined && seeded.filename === filename
        ? seeded
        : library.createdFrom(`/${segments.join('/')}`);
    if (upload) return upload;
  }
  return undefined;
}

/** The upload a download names, for `match.uploadId`. */
function uploadIdOf(method: string, segments: string[]): string | undefined {
  const named = (method === 'GET' || method === 'HEAD') && segments.length === 3 && segments[0] === '1';
  return named ? segments[1] : undefined;
}

async function receivePut(site: AssetSite, sleeper: Sleeper, ex: AssetExchange, fault: AssetFault | undefined) {
  const bytes = await readBytes(ex.req);
  ex.entry.body = bytes.toString('utf8');
  if (fault?.kind === 'slow') await sleeper.sleep(fault.delayMs ?? 1000);
  if (sleeper.closed) return;
  if (fault?.kind === 'truncate') {
    ex.req.socket.destroy();
    return;
  }
  const put = { key: ex.segments[1] ?? '', search: ex.url.search.slice(1), headers: ex.entry.headers, bytes };
  const outcome = storePut(site.storage, put, fault?.kind === 'wrong-bytes');
  ex.entry.status = outcome.status;
  if ('etag' in outcome) sendText(ex.res, 200, { etag: outcome.etag }, '');
  else sendS3Error(ex.res, outcome.status, outcome.code, outcome.message);
}

/** A fault that answers instead of the host: `status` (an S3 error) or `redirect`. */
function answerFault(ex: AssetExchange, fault: AssetFault): void {
  if (fault.kind === 'status') {
    ex.entry.status = fault.status ?? 403;
    sendS3Error(ex.res, ex.entry.status);
    return;
  }
  const origin = `https://127.0.0.1:${ex.req.socket.localPort ?? 0}`;
  ex.entry.status = ex.entry.method === 'GET' || ex.entry.method === 'HEAD' ? 302 : 307;
  const location = redirectTarget(fault, origin, `${ex.url.pathname}${ex.url.search}`);
  sendText(ex.res, ex.entry.status, { location }, '');
}

async function serve(site: AssetSite, sleeper: Sleeper, ex: AssetExchange, fault: AssetFault | undefined) {
  const { method } = ex.entry;
  if (fault?.kind === 'status' || fault?.kind === 'redirect') {
    await readBytes(ex.req);
    answerFault(ex, fault);
  } else if (ex.segments[0] === 'storage' && ex.segments.length === 2 && method === 'PUT') {
    await receivePut(site, sleeper, ex, fault);
  } else if (method !== 'GET' && method !== 'HEAD') {
    await readBytes(ex.req);
    ex.entry.status = ex.segments[0] === 'storage' ? 403 : 405;
    sendS3Error(ex.res, ex.entry.status);
  } else {
    const file = findFile(site.environments, ex.segments);
    ex.entry.status = file ? 200 : 404;
    if (file) await sendFile(ex.res, file, fault, sleeper, method === 'HEAD');
    else sendS3Error(ex.res, 404);
  }
  if (ex.entry.status !== 0) ex.entry.answeredAt = performance.now() - site.startedAt;
}

/** A simulator bug becomes a visible 500, as on the CMA side; a client gone mid-answer loses its socket. */
function failed(ex: AssetExchange, error: unknown): void {
  if (ex.res.headersSent || ex.res.destroyed) {
    ex.req.socket.destroy();
    return;
  }
  ex.entry.status = 500;
  sendS3Error(ex.res, 500, 'InternalError', error instanceof Error ? error.message : String(error));
}

/**
 * The asset host on 127.0.0.1 over https: uploads' files (GET, HEAD) and the storage behind upload
 * requests (PUT). Not the CMA: no rate limit, no token, no `X-*` headers.
 */
export async function startAssetHost(site: AssetSite, port: number): Promise<RunningServer> {
  const sleeper = new Sleeper();
  const tls = { cert: readFileSync(CA_CERT_PATH), key: readFileSync(KEY_PATH) };
  const server = createServer({ ...tls, keepAlive: true }, (req, res) => {
    const url = parseUrl(req.url ?? '/');
    const entry = recordOf(req, url, site.startedAt);
    site.requests.push(entry);
    const segments = segmentsOf(url.pathname) ?? [];
    const fault = site.faults.take(entry.method, uploadIdOf(entry.method, segments));
    const exchange = { req, res, url, segments, entry };
    serve(site, sleeper, exchange, fault).catch((error: unknown) => failed(exchange, error));
  });
  const url = await listen(server, port, 'https');
  const close = () => {
    sleeper.close();
    return closeServer(server);
  };
  return { url, close };
}
