import type { Refusal } from './reply.ts';

const FILTER = 'filter[ids]';
const BULK_TYPE = 'upload_bulk_destroy_operation';
const MEDIA_TYPES = new Set(['application/json', 'application/vnd.api+json']);

function deduplicated(ids: string[], param: string, max: number): string[] | Refusal {
  const unique = [...new Set(ids)];
  if (unique.length > max) {
    return { param, reason: `at most ${max} ids per request, got ${unique.length}` };
  }
  return unique;
}

/**
 * Ids of `DELETE /uploads/batch-destroy`. A missing or empty filter, or an empty item in it, is
 * refused: a batch without ids must never mean "everything".
 */
export function idsFromFilter(query: URLSearchParams, max: number): string[] | Refusal {
  const raw = query.get(FILTER);
  if (raw === null || raw === '') {
    return { param: FILTER, reason: 'required: a comma-separated list of upload ids' };
  }
  const ids = raw.split(',');
  if (ids.includes('')) return { param: FILTER, reason: `empty id in "${raw}"` };
  return deduplicated(ids, FILTER, max);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function uploadIdOf(item: unknown): string | undefined {
  if (!isRecord(item) || item.type !== 'upload') return undefined;
  return typeof item.id === 'string' && item.id !== '' ? item.id : undefined;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** The linkage list at `data.relationships.uploads.data`, if the body has the documented shape. */
function linkage(body: unknown): unknown[] | undefined {
  if (!isRecord(body) || !isRecord(body.data) || body.data.type !== BULK_TYPE) return undefined;
  const relationships = body.data.relationships;
  if (!isRecord(relationships) || !isRecord(relationships.uploads)) return undefined;
  const data = relationships.uploads.data;
  return Array.isArray(data) ? data : undefined;
}

/** Ids of `POST /uploads/bulk/destroy`; both media types the docs and the client use are accepted. */
export function idsFromBulkBody(contentType: string, body: string, max: number): string[] | Refusal {
  const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (!MEDIA_TYPES.has(mediaType)) {
    return { param: 'content-type', reason: `expected application/json, got "${contentType}"` };
  }
  const items = linkage(parseJson(body));
  if (!items) {
    return { param: 'data', reason: `expected a ${BULK_TYPE} with relationships.uploads.data` };
  }
  const param = 'data.relationships.uploads.data';
  if (items.length === 0) return { param, reason: 'empty list' };
  const ids = items.map(uploadIdOf).filter((id) => id !== undefined);
  if (ids.length !== items.length) return { param, reason: 'every item must be {type:"upload",id}' };
  return deduplicated(ids, param, max);
}
