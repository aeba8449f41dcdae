/**
 * `GET /uploads/:id/references`: the records that link an upload, read as a proof that it is
 * unused (`confirm-unused`).
 */
import { isRecord } from '../common/guards.ts';
import type { CmaClient, NotFound, UploadReferences } from './cma-client.ts';
import { apiErrorOf, isPlainNotFound } from './client-answers.ts';
import type { CmaHttp } from './cma-http.ts';
import { UnexpectedAnswerError } from './errors.ts';

/**
 * The records an answer names; more are counted, not kept: the run names a few of them.
 * Record IDs have the shape of upload IDs (the docs' RFC 4122 UUID in URL-safe base64, digits in
 * older projects), within the bound every ID the API hands back is held to.
 */
export const NAMED_RECORDS = 3;
const RECORD_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * An answer lists every record that uses the upload, each in full (`nested=true`), so it may be
 * larger than the default bound; past this it is not read, and the upload is not confirmed.
 */
const MAX_REFERENCES_BYTES = 16 * 1024 * 1024;

/**
 * `GET /uploads/:id/references?version=published-or-current&nested=true`, the docs' "Referenced
 * records" (https://www.datocms.com/docs/content-management-api/resources/upload/references):
 * `version` is `current`, `published` or `published-or-current`, the last being "records that
 * are linked to the upload either in their published version or in their latest version
 * available"; `nested` returns nested blocks' full payload; the answer is an array of `item`
 * resources. `NotFound` when the upload is unknown (a 404 about something else is an error).
 */
export async function uploadReferences(http: CmaHttp, uploadId: string): ReturnType<CmaClient['uploadReferences']> {
  const path = `/uploads/${encodeURIComponent(uploadId)}/references`;
  const query = { version: 'published-or-current', nested: 'true' };
  const res = await http({ method: 'GET', path, query, maxBodyBytes: MAX_REFERENCES_BYTES });
  if (res.status === 404 && isPlainNotFound(res)) return { notFound: true, retried: res.retried } satisfies NotFound;
  if (res.status === 404) throw apiErrorOf(`GET ${path}`, res);
  return referencesOf(`GET ${path}`, res.body);
}

/** `{"data":[item...]}`: every entry an object with a record ID, or the answer is refused. */
export function referencesOf(request: string, body: unknown): UploadReferences {
  const data = isRecord(body) ? body.data : undefined;
  if (!Array.isArray(data)) throw new UnexpectedAnswerError(request, 'a body without a data list');
  const records: { id: string; itemType: string | undefined }[] = [];
  for (const [index, entry] of data.entries()) {
    if (!isRecord(entry) || typeof entry.id !== 'string' || !RECORD_ID.test(entry.id)) {
      throw new UnexpectedAnswerError(request, `a data entry that is not a record with an ID (entry ${index + 1})`);
    }
    if (records.length < NAMED_RECORDS) records.push({ id: entry.id, itemType: itemTypeOf(entry) });
  }
  return { total: data.length, records };
}

/** `relationships.item_type.data.id`, when it is there and of the shape of an ID. */
function itemTypeOf(entry: Readonly<Record<string, unknown>>): string | undefined {
  const relationships = isRecord(entry.relationships) ? entry.relationships : undefined;
  const itemType = isRecord(relationships?.item_type) ? relationships.item_type : undefined;
  const data = isRecord(itemType?.data) ? itemType.data : undefined;
  return typeof data?.id === 'string' && RECORD_ID.test(data.id) ? data.id : undefined;
}
