import { createHash } from 'node:crypto';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { request, type Dispatcher } from 'undici';
import { withAssetRetries } from './asset-retry.ts';
import type { Clock } from '../common/clock.ts';
import { describeCause } from '../common/errors.ts';

/** A file on the asset host, and what the listing says it holds. */
export interface AssetFile {
  /** `url` as listed: https only. */
  readonly url: string;
  /** `size` as listed, in bytes. */
  readonly size: number;
  /** `md5` as listed, when it was (32 hex digits). */
  readonly md5: string | undefined;
}

/** What was written, with the checksums computed while it streamed. */
export interface SavedFile {
  readonly bytes: number;
  readonly md5: string;
}

export interface DownloadDeps {
  /** The asset host's own connection pool: never the CMA's, which carries the token. */
  readonly dispatcher: Dispatcher;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  readonly userAgent: string;
}

/**
 * Why a download failed, in words for the log and the report; `retry` when another attempt may
 * work; `changed` when the host served a whole file that is not the listed one (another size, or
 * another md5): the file was replaced, or the host lies.
 */
export class DownloadError extends Error {
  override name = 'DownloadError';
  readonly retry: boolean;
  readonly changed: boolean;

  constructor(message: string, retry: boolean, changed = false) {
    super(message);
    this.retry = retry;
    this.changed = changed;
  }
}

/** Redirects followed per attempt: a CDN uses one or two. */
const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const RETRIED_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const RETRIED_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/**
 * Downloads `file` to `path`, streaming, checked against the listed size and md5 as it comes (a
 * file that fails a check is removed). Retries what may pass next time (a reset, a truncated body, a 5xx,
 * a checksum that did not match), ASSET_ATTEMPTS (asset-retry.ts) attempts in all. Throws DownloadError,
 * or the signal's reason when the run stops.
 */
export async function downloadAsset(file: AssetFile, path: string, deps: DownloadDeps): Promise<SavedFile> {
  const once = async (): Promise<SavedFile> => {
    try {
      return await downloadOnce(file, path, deps);
    } catch (error) {
      if (error instanceof DownloadError || deps.signal.aborted) throw error;
      throw new DownloadError(describeCause(error), isRetried(error));
    }
  };
  return withAssetRetries(once, deps, (error, attempts) => {
    const message = error instanceof Error ? error.message : String(error);
    const changed = error instanceof DownloadError && error.changed;
    return new DownloadError(attempts > 1 ? `${message} (after ${attempts} attempts)` : message, false, changed);
  });
}

function isRetried(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && RETRIED_CODES.has(code);
}

/** `url` if it may be fetched: https, no credentials. */
export function assetUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DownloadError('its url is not a URL', false);
  }
  if (url.protocol !== 'https:') throw new DownloadError(`its url is not https (${url.protocol})`, false);
  if (url.username !== '' || url.password !== '') throw new DownloadError('its url holds credentials', false);
  return url;
}

async function downloadOnce(file: AssetFile, path: string, deps: DownloadDeps): Promise<SavedFile> {
  let url = assetUrl(file.url);
  for (let redirects = 0; ; redirects++) {
    // Only what a browser would send: no CMA header, no token, whatever the URL says.
    const res = await request(url, {
      method: 'GET',
      headers: { 'user-agent': deps.userAgent, 'accept-encoding': 'identity' },
      signal: deps.signal,
      dispatcher: deps.dispatcher,
      maxRedirections: 0,
    });
    if (REDIRECT_STATUSES.has(res.statusCode)) {
      discard(res.body);
      url = redirectTarget(url, res.headers.location, redirects);
      continue;
    }
    if (res.statusCode !== 200) {
      discard(res.body);
      throw new DownloadError(`the asset host answered ${res.statusCode}`, RETRIED_STATUSES.has(res.statusCode));
    }
    const length = Number(res.headers['content-length']);
    if (res.headers['content-length'] !== undefined && length !== file.size) {
      discard(res.body);
      throw new DownloadError(`the asset host sends ${length} bytes where the listing says ${file.size}`, true, true);
    }
    return save(res.body, file, path);
  }
}

/** Drops a body unread: destroyed (an error then is expected, and not one of the run's). */
function discard(body: NodeJS.ReadableStream & { destroy(): void }): void {
  body.on('error', () => {});
  body.destroy();
}

function redirectTarget(from: URL, location: string | string[] | undefined, redirects: number): URL {
  if (redirects >= MAX_REDIRECTS) throw new DownloadError(`more than ${MAX_REDIRECTS} redirects`, false);
  if (typeof location !== 'string' || location === '') throw new DownloadError('a redirect without a location', false);
  let target: URL;
  try {
    target = new URL(location, from);
  } catch {
    throw new DownloadError('a redirect to something that is not a URL', false);
  }
  if (target.protocol !== 'https:') {
    throw new DownloadError(`a redirect to ${target.protocol} (only https is followed)`, false);
  }
  if (target.username !== '' || target.password !== '') {
    throw new DownloadError('a redirect to a URL with credentials', false);
  }
  return target;
}

/** Streams `body` to `path`, counting and hashing; never past the listed size. */
async function save(
  body: NodeJS.ReadableStream & { destroy(): void },
  file: AssetFile,
  path: string,
): Promise<SavedFile> {
  const md5 = createHash('md5');
  let bytes = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > file.size) {
        done(new DownloadError(`the asset host sends more than the ${file.size} bytes listed`, true, true));
        return;
      }
      md5.update(chunk);
      done(null, chunk);
    },
  });
  // Straight to its name, opened before the first byte: only a file the manifest lists counts,
  // and one that fails a check is removed. Opened here, not by the stream, so that whether this
  // download made the file is known whenever it fails (Node 20 rejects a pipeline before its
  // stream says it opened); a file it did not make (the name was taken) is never touched.
  let handle: FileHandle;
  try {
    handle = await open(path, 'wx');
  } catch (error) {
    discard(body);
    throw error;
  }
  const out = handle.createWriteStream();
  try {
    await pipeline(body, count, out);
    if (bytes !== file.size) {
      throw new DownloadError(`the asset host sent ${bytes} of the ${file.size} bytes listed`, true);
    }
    const saved = { bytes, md5: md5.digest('hex') };
    if (file.md5 !== undefined && saved.md5 !== file.md5.toLowerCase()) {
      throw new DownloadError(`its md5 is ${saved.md5} where the listing says ${file.md5}`, true, true);
    }
    return saved;
  } catch (error) {
    out.destroy();
    await new Promise<void>((resolve) => (out.closed ? resolve() : out.once('close', () => resolve())));
    await rm(path, { force: true });
    throw error;
  }
}
