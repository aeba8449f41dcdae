import pLimit from 'p-limit';
import { UnexpectedAnswerError } from './errors.ts';
import { isCount, isRecord } from '../common/guards.ts';

/** What the selection and the summary use of a listed upload. */
export interface UploadInfo {
  readonly id: string;
  readonly filename: string;
  /** Bytes; undefined when the listing gave no whole, non-negative number. */
  readonly size: number | undefined;
  /** `created_at` as listed; undefined when absent or not a string. */
  readonly createdAt: string | undefined;
  /** `url` on the asset host, `md5` and `tags` as listed, for the report; undefined when absent or malformed. */
  readonly url?: string | undefined;
  readonly md5?: string | undefined;
  readonly tags?: readonly string[] | undefined;
  /**
   * `mime_type`, `format`, `is_image` and `mux_playback_id` as listed, for a review's pictures
   * (core/review): each checked for its shape, undefined when absent or not of it. Not in the
   * report: the plan's seal covers what the report holds, and these only show a picture.
   */
  readonly mimeType?: string | undefined;
  readonly format?: string | undefined;
  readonly isImage?: boolean | undefined;
  readonly muxPlaybackId?: string | undefined;
  /**
   * The listed attributes the criteria are proven on (see `provingAttributes`), as listed; undefined
   * when the listing was asked to keep none.
   */
  readonly checked?: Readonly<Record<string, unknown>> | undefined;
}

/** One `GET /uploads` listing, read page by page and checked. */
export interface UploadListing {
  /** The listed uploads, each once, in listing order; never more than `total`. */
  readonly uploads: readonly UploadInfo[];
  /** `meta.total_count` of the first page: how many uploads matched. */
  readonly total: number;
  /** Entries that named an upload already listed (pages that shifted or repeated). */
  readonly repeated: number;
  /** Uploads past `total` that later pages brought (the library grew meanwhile): left out. */
  readonly beyondTotal: number;
  /** Uploads listed twice with different `created_at`, `md5` or `size`: which one is true is unknown, so left out. */
  readonly conflicting: number;
  /** False when more than `most` matched: then only the first page was read. */
  readonly complete: boolean;
}

/** Reads the page at `offset` (its `page[limit]` is {@link LIST_PAGE_LIMIT}) and returns the parsed body. */
export type FetchPage = (offset: number) => Promise<unknown>;

/** https://www.datocms.com/docs/content-management-api/resources/upload/instances: page[limit] is 500 at most. */
export const LIST_PAGE_LIMIT = 500;
/**
 * Pages after the first one in flight at once. The rate limiter sets the pace; this is enough to
 * keep it busy at the API's page latency (20 requests a second at the default limit), and is
 * the most the official client's page iterator allows.
 */
export const LIST_CONCURRENCY = 10;
const REQUEST = 'GET /uploads';

/**
 * Reads a listing. The first page's `meta.total_count` decides everything: when more than `most`
 * matched, no other page is read (the caller refuses or shows a part); otherwise the pages it
 * announced are read, `concurrency` at a time, and no more. A page that is short or brings
 * nothing new ends the listing: pages not yet asked for are not asked. So an answer that never
 * ends, or repeats itself, costs at most what the caller allowed.
 */
export async function readListing(
  fetchPage: FetchPage,
  most: number,
  concurrency: number = LIST_CONCURRENCY,
  keep: readonly string[] = [],
): Promise<UploadListing> {
  const first = parsePage(await fetchPage(0), keep);
  const { total } = first;
  if (first.uploads.length > total) {
    throw new UnexpectedAnswerError(REQUEST, `${first.uploads.length} uploads on a page whose total_count is ${total}`);
  }
  if (total > most) return assemble([first.uploads], total, false);
  const pages = first.uploads.length < LIST_PAGE_LIMIT ? 1 : Math.ceil(total / LIST_PAGE_LIMIT);
  const read: UploadInfo[][] = [first.uploads];
  const seen = new Set(first.uploads.map((upload) => upload.id));
  let ended = false;
  const limit = pLimit(concurrency);
  await Promise.all(
    Array.from({ length: pages - 1 }, (_, i) =>
      limit(async () => {
        if (ended) return;
        const uploads = parsePage(await fetchPage((i + 1) * LIST_PAGE_LIMIT), keep).uploads;
        read[i + 1] = uploads;
        const fresh = uploads.filter((upload) => !seen.has(upload.id));
        for (const upload of fresh) seen.add(upload.id);
        if (fresh.length === 0 || uploads.length < LIST_PAGE_LIMIT) ended = true;
      }),
    ),
  );
  return assemble(read, total, true);
}

/**
 * The pages in page order, each upload once, none past `total`. An upload listed twice with
 * different `created_at`, `md5`, `size` or checked attributes is left out: the listing contradicts itself about it
 * (which copy comes first must not decide what is selected, or what a plan's re-check keeps).
 */
function assemble(pages: readonly (UploadInfo[] | undefined)[], total: number, complete: boolean): UploadListing {
  const unique = new Map<string, UploadInfo>();
  const contradicted = new Set<string>();
  let repeated = 0;
  for (const upload of pages.flatMap((page) => page ?? [])) {
    const seen = unique.get(upload.id);
    if (seen === undefined) unique.set(upload.id, upload);
    else {
      repeated++;
      const differs =
        seen.createdAt !== upload.createdAt ||
        seen.md5 !== upload.md5 ||
        seen.size !== upload.size ||
        JSON.stringify(seen.checked) !== JSON.stringify(upload.checked);
      if (differs) contradicted.add(upload.id);
    }
  }
  const listed = [...unique.values()];
  const beyondTotal = Math.max(0, listed.length - total);
  const uploads = listed.slice(0, total).filter((upload) => !contradicted.has(upload.id));
  return { uploads, total, repeated, beyondTotal, conflicting: contradicted.size, complete };
}

/**
 * One page: `{"data":[upload...],"meta":{"total_count":N}}`, or an error saying what is wrong.
 * Each upload keeps the attributes named in `keep`, as listed.
 */
export function parsePage(body: unknown, keep: readonly string[] = []): { uploads: UploadInfo[]; total: number } {
  if (!isRecord(body) || !Array.isArray(body.data)) throw new UnexpectedAnswerError(REQUEST, 'a list without data');
  const total = isRecord(body.meta) ? body.meta.total_count : undefined;
  if (!isCount(total)) throw new UnexpectedAnswerError(REQUEST, 'a list without a valid meta.total_count');
  if (body.data.length > LIST_PAGE_LIMIT) {
    throw new UnexpectedAnswerError(
      REQUEST,
      `a page of ${body.data.length} entries (page[limit] is ${LIST_PAGE_LIMIT})`,
    );
  }
  const uploads = body.data.map((entry: unknown, index) => {
    if (!isRecord(entry) || entry.type !== 'upload' || typeof entry.id !== 'string' || !isRecord(entry.attributes)) {
      throw new UnexpectedAnswerError(REQUEST, `a data entry that is not an upload object (entry ${index + 1})`);
    }
    return uploadInfo(entry.id, entry.attributes, keep);
  });
  return { uploads, total };
}

/** Longest text kept of a listed attribute: a report entry must stay small whatever the API sends. */
const MAX_TEXT = 2048;
const MAX_TAGS = 100;
/** `type/subtype` (RFC 6838 names), short: a review shows it, so nothing else is kept. */
const MIME_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/i;
/** A file format as DatoCMS names it (`jpg`, `mp4`): letters and digits. */
const FORMAT = /^[a-z0-9]{1,16}$/i;
/** A Mux playback ID: letters and digits only. */
const MUX_ID = /^[A-Za-z0-9]{1,100}$/;

/** What is kept of one listed upload: the report's fields, and the attributes named in `keep`. */
export function uploadInfo(id: string, attributes: Record<string, unknown>, keep: readonly string[] = []): UploadInfo {
  const { filename, size, created_at: createdAt, url, md5, tags } = attributes;
  const { mime_type: mimeType, format, is_image: isImage, mux_playback_id: muxPlaybackId } = attributes;
  return {
    id,
    filename: typeof filename === 'string' ? filename.slice(0, MAX_TEXT) : '',
    size: isCount(size) ? size : undefined,
    createdAt: typeof createdAt === 'string' ? createdAt.slice(0, MAX_TEXT) : undefined,
    url: typeof url === 'string' ? url.slice(0, MAX_TEXT) : undefined,
    md5: typeof md5 === 'string' && /^[0-9a-f]{32}$/i.test(md5) ? md5 : undefined,
    tags: Array.isArray(tags)
      ? tags
          .filter((tag): tag is string => typeof tag === 'string')
          .slice(0, MAX_TAGS)
          .map((tag) => tag.slice(0, 256))
      : undefined,
    mimeType: typeof mimeType === 'string' && MIME_TYPE.test(mimeType) ? mimeType : undefined,
    format: typeof format === 'string' && FORMAT.test(format) ? format : undefined,
    isImage: typeof isImage === 'boolean' ? isImage : undefined,
    // Put in a URL of image.mux.com: only an ID of letters and digits, never a path or a query.
    muxPlaybackId: typeof muxPlaybackId === 'string' && MUX_ID.test(muxPlaybackId) ? muxPlaybackId : undefined,
    checked: keep.length === 0 ? undefined : Object.fromEntries(keep.map((name) => [name, ownValue(attributes, name)])),
  };
}

/** An attribute the upload itself lists, never one every object inherits. */
function ownValue(attributes: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(attributes, name) ? attributes[name] : undefined;
}
