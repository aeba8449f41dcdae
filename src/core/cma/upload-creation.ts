/**
 * The two requests that create an upload: a storage slot for its bytes (`POST /upload-requests`),
 * then `POST /uploads`.
 */
import type { CmaClient } from './cma-client.ts';
import { UnexpectedAnswerError } from './errors.ts';
import { isRecord } from '../common/guards.ts';
import { expectFound, submission } from './client-answers.ts';
import type { CmaHttp } from './cma-http.ts';

/** `POST /upload-requests`: where to put a file's bytes (the client's `UploadRequest`). */
export async function createUploadRequest(
  http: CmaHttp,
  filename: string,
): ReturnType<CmaClient['createUploadRequest']> {
  const request = 'POST /upload-requests';
  const body = { data: { type: 'upload_request', attributes: { filename } } };
  const res = expectFound(request, await http({ method: 'POST', path: '/upload-requests', body }));
  return uploadRequestOf(request, res.body);
}

/** `POST /uploads` (sent once: a retry could create the upload twice): the job that creates it. */
export async function createUpload(
  http: CmaHttp,
  body: Readonly<Record<string, unknown>>,
): ReturnType<CmaClient['createUpload']> {
  const request = 'POST /uploads';
  const res = await http({ method: 'POST', path: '/uploads', body, once: true });
  return submission(request, expectFound(request, res), 'creation');
}

/**
 * Storage paths as the docs show them (`/7/1455102967-image.png`): only sent back in a JSON body,
 * never put in a URL, so any printable text without a `..` segment.
 */
const STORAGE_PATH = /^[^\p{Cc}\\]{1,1024}$/u;

/** An https URL without credentials, of a sensible length. */
function isPlainHttps(text: string): boolean {
  if (text.length > 8192) return false;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/** An `upload_request` with a storage path, an https URL and string headers, or an error. */
function uploadRequestOf(request: string, body: unknown) {
  const data = isRecord(body) && isRecord(body.data) ? body.data : undefined;
  const attributes = isRecord(data?.attributes) ? data.attributes : undefined;
  const path = data?.id;
  const url = attributes?.url;
  const headers = attributes?.request_headers ?? {};
  if (
    data?.type !== 'upload_request' ||
    typeof path !== 'string' ||
    path.length > 1024 ||
    !STORAGE_PATH.test(path) ||
    path.split('/').includes('..')
  ) {
    throw new UnexpectedAnswerError(request, 'no storage path (data.id)');
  }
  if (typeof url !== 'string' || !isPlainHttps(url)) {
    throw new UnexpectedAnswerError(request, 'no https storage URL without credentials');
  }
  if (!isRecord(headers) || !Object.values(headers).every((value) => typeof value === 'string')) {
    throw new UnexpectedAnswerError(request, 'request_headers that are not strings');
  }
  const named = Object.keys(headers).map((name) => name.toLowerCase());
  if (
    named.some(
      (name) =>
        ['authorization', 'x-api-version', 'x-environment', 'host', 'content-length'].includes(name) ||
        !/^[a-z0-9-]{1,64}$/.test(name),
    )
  ) {
    throw new UnexpectedAnswerError(request, 'request_headers naming a header that cannot be sent to storage');
  }
  return { path, url, headers: headers as Record<string, string> };
}
