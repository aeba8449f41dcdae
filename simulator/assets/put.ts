import { UploadContent } from '../common/content.ts';
import type { Storage } from '../common/storage.ts';

/** A PUT to a presigned URL, body read. */
export interface PutRequest {
  /** `<key>` of `/storage/<key>`. */
  readonly key: string;
  /** The query string as sent, without `?`. */
  readonly search: string;
  /** Lowercased names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly bytes: Buffer;
}

/** What the storage answers: 200 with the stored bytes' md5 as `etag`, or an S3 error. */
export type PutOutcome = { status: 200; etag: string } | { status: number; code: string; message: string };

const SIGNATURE = 'The request signature we calculated does not match the signature you provided.';

/** Headers only the CMA takes: a client that sends them here mixed up its two HTTP clients. */
const CMA_HEADERS = ['x-api-version', 'x-environment'];

/** The checks S3 makes of a presigned PUT, in its order; the first failure is answered. */
function refusal(storage: Storage, put: PutRequest): PutOutcome | undefined {
  const entry = storage.forKey(put.key);
  if (!entry) return { status: 403, code: 'AccessDenied', message: 'Access Denied' };
  if (put.search !== entry.search) return { status: 403, code: 'SignatureDoesNotMatch', message: SIGNATURE };
  if (put.headers.authorization !== undefined) {
    const message =
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified';
    return { status: 400, code: 'InvalidArgument', message };
  }
  const cma = CMA_HEADERS.find((name) => put.headers[name] !== undefined);
  if (cma) return { status: 400, code: 'InvalidArgument', message: `Unexpected CMA header ${cma}` };
  for (const [name, value] of Object.entries(entry.headers)) {
    if (put.headers[name.toLowerCase()] !== value) {
      return { status: 403, code: 'SignatureDoesNotMatch', message: `${SIGNATURE} (header ${name})` };
    }
  }
  if (put.headers['content-length'] === undefined) {
    return { status: 411, code: 'MissingContentLength', message: 'You must provide the Content-Length HTTP header.' };
  }
  return undefined;
}

/**
 * Stores the body for its upload request (a later PUT replaces it, as S3 does). `corrupt` (a
 * `wrong-bytes` fault) stores other bytes of the same length, whose md5 the `ETag` then gives.
 */
export function storePut(storage: Storage, put: PutRequest, corrupt: boolean): PutOutcome {
  const refused = refusal(storage, put);
  const entry = storage.forKey(put.key);
  if (refused || !entry) return refused ?? { status: 403, code: 'AccessDenied', message: 'Access Denied' };
  const bytes = corrupt ? put.bytes.map((byte) => byte ^ 0xa5) : put.bytes;
  entry.content = UploadContent.of(bytes);
  return { status: 200, etag: `"${entry.content.md5()}"` };
}
