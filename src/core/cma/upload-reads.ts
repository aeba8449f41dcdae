/**
 * The requests that read uploads: a listing page by page, the count, which of some IDs are
 * listed, and their resources.
 */
import type { CmaClient } from './cma-client.ts';
import type { NonEmpty } from '../common/chunk.ts';
import { UnexpectedAnswerError } from './errors.ts';
import { expectFound } from './client-answers.ts';
import type { CmaHttp, QueryParams } from './cma-http.ts';
import { joinIds } from './upload-ids.ts';
import { LIST_CONCURRENCY, LIST_PAGE_LIMIT, parsePage, readListing, type UploadListing } from './upload-listing.ts';

/**
 * A page of 500 uploads, with every attribute (EXIF, colours, metadata per locale), is a few MB
 * at most; past this a page is not read.
 */
const MAX_PAGE_BYTES = 16 * 1024 * 1024;

/** `GET /uploads` with `filter`: every page when at most `most` match, only the first one otherwise. */
export function listUploads(
  http: CmaHttp,
  filter: QueryParams,
  most: number,
  keep: readonly string[],
): Promise<UploadListing> {
  return readListing(
    async (offset) => {
      const query = { ...filter, 'page[offset]': String(offset), 'page[limit]': String(LIST_PAGE_LIMIT) };
      const res = await http({ method: 'GET', path: '/uploads', query, maxBodyBytes: MAX_PAGE_BYTES });
      return expectFound('GET /uploads', res).body;
    },
    most,
    LIST_CONCURRENCY,
    keep,
  );
}

/** `GET /uploads?page[limit]=1`: how many uploads the media library holds. */
export async function countUploads(http: CmaHttp): Promise<number> {
  const query = { 'page[limit]': '1' };
  const res = expectFound('GET /uploads', await http({ method: 'GET', path: '/uploads', query }));
  return parsePage(res.body).total;
}

/**
 * Which of `ids` a `filter[ids]` listing with `filter` holds. What is not listed counts as gone
 * (deleted, or never there), so the listing must add up: every upload listed was asked for,
 * each once, and as many as its own total_count. Anything else is refused, not read as "gone".
 */
export async function listedAmong(
  client: { listUploads(filter: QueryParams, most: number): Promise<UploadListing> },
  ids: NonEmpty<string>,
  filter: Record<string, string>,
): Promise<Set<string>> {
  const listing = await client.listUploads({ 'filter[ids]': joinIds(ids), ...filter }, ids.length);
  const asked = new Set(ids);
  const unasked = listing.uploads.filter((upload) => !asked.has(upload.id)).length;
  const wrong =
    unasked > 0
      ? `${unasked} upload(s) not among the ${ids.length} IDs asked`
      : !listing.complete
        ? `a total_count of ${listing.total} for ${ids.length} IDs asked`
        : listing.conflicting > 0 || listing.beyondTotal > 0 || listing.repeated > 0
          ? `the same upload more than once for ${ids.length} IDs asked`
          : listing.uploads.length !== listing.total
            ? `${listing.uploads.length} of the ${listing.total} uploads its total_count announced for ${ids.length} IDs asked`
            : undefined;
  if (wrong !== undefined) throw new UnexpectedAnswerError('GET /uploads', wrong);
  return new Set(listing.uploads.map((upload) => upload.id));
}

/**
 * `GET /uploads?filter[ids]=...`: each of `ids` the API lists, as the resource it listed (the
 * client's `UploadResource`: every attribute and relationship). Uploads not asked for are left out.
 */
export async function uploadResources(http: CmaHttp, ids: NonEmpty<string>): ReturnType<CmaClient['uploadResources']> {
  const query = { 'filter[ids]': joinIds(ids), 'page[limit]': String(LIST_PAGE_LIMIT) };
  const res = await http({ method: 'GET', path: '/uploads', query, maxBodyBytes: MAX_PAGE_BYTES });
  const body = expectFound('GET /uploads', res).body;
  parsePage(body); // every entry an upload object, or an error
  const asked = new Set<string>(ids);
  const found = new Map<string, { readonly id: string }>();
  for (const entry of (body as { data: { readonly id: string }[] }).data) {
    if (asked.has(entry.id) && !found.has(entry.id)) found.set(entry.id, entry);
  }
  return found;
}
