import { isRefusal, type Refusal } from './reply.ts';
import type { MediaLibrary, StoredUpload } from './store.ts';

type Predicate = (upload: StoredUpload) => boolean;

function parseDate(param: string, value: string): number | Refusal {
  const time = Date.parse(value);
  return Number.isNaN(time) ? { param, reason: `"${value}" is not an ISO 8601 date` } : time;
}

/**
 * Every supported `GET /uploads` filter but `filter[ids]`, by query parameter. Adding a filter means
 * adding one entry here. Names follow the CMA (the GraphQL upload filters in snake_case).
 */
const FILTERS: Record<string, (value: string, param: string) => Predicate | Refusal> = {
  'filter[query]': (value) => {
    const needle = value.toLowerCase();
    return (u) => u.filename.toLowerCase().includes(needle) || u.tags.includes(value);
  },
  'filter[fields][in_use][eq]': (value, param) => {
    if (value !== 'true' && value !== 'false') return { param, reason: 'expected true or false' };
    return (u) => u.inUse === (value === 'true');
  },
  'filter[fields][tags][contains]': (value) => (u) => u.tags.includes(value),
  'filter[fields][type][eq]': (value) => (u) => uploadType(u.filename) === value,
  'filter[fields][size][gt]': (value, param) => sizeBound(value, param, (size, bound) => size > bound),
  'filter[fields][size][lt]': (value, param) => sizeBound(value, param, (size, bound) => size < bound),
  'filter[fields][_created_at][lt]': (value, param) => {
    const limit = parseDate(param, value);
    return isRefusal(limit) ? limit : (u) => Date.parse(u.createdAt) < limit;
  },
  'filter[fields][_created_at][gt]': (value, param) => {
    const limit = parseDate(param, value);
    return isRefusal(limit) ? limit : (u) => Date.parse(u.createdAt) > limit;
  },
};

/**
 * Filters whose value is a list, sent as the official client writes arrays: the key repeated
 * with `[]`, e.g. `filter[fields][tags][any_in][]=a&filter[fields][tags][any_in][]=b`.
 */
const LIST_FILTERS: Record<string, (values: string[]) => Predicate> = {
  'filter[fields][tags][any_in][]': (values) => (u) => values.some((tag) => u.tags.includes(tag)),
  'filter[fields][tags][all_in][]': (values) => (u) => values.every((tag) => u.tags.includes(tag)),
  'filter[fields][type][in][]': (values) => (u) => values.includes(uploadType(u.filename)),
  'filter[fields][type][not_in][]': (values) => (u) => !values.includes(uploadType(u.filename)),
};

/** The GraphQL upload `type` filter's values, told here from the file extension. */
export function uploadType(filename: string): string {
  const extension = filename.slice(filename.lastIndexOf('.') + 1).toLowerCase();
  if (['jpg', 'jpeg', 'png', 'gif', 'webp', 'svg', 'avif'].includes(extension)) return 'image';
  if (['mp4', 'mov', 'webm'].includes(extension)) return 'video';
  if (['mp3', 'wav', 'ogg'].includes(extension)) return 'audio';
  if (['pdf', 'doc', 'docx', 'txt'].includes(extension)) return 'richtext';
  return 'file';
}

function sizeBound(value: string, param: string, test: (size: number, bound: number) => boolean): Predicate | Refusal {
  const bound = Number(value);
  if (!/^\d+$/.test(value)) return { param, reason: 'expected a whole number of bytes' };
  return (u) => test(u.size, bound);
}

/** Fields `order_by` may name, each with how it compares two uploads. */
const ORDERS: Record<string, (a: StoredUpload, b: StoredUpload) => number> = {
  _created_at: (a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt),
  size: (a, b) => a.size - b.size,
};

/**
 * `order_by`: `<field>_<ASC|DESC>`, comma separated (e.g. `_created_at_ASC`); ties keep insertion
 * order. Without it, insertion order. An unknown field or direction is refused.
 */
export function orderUploads(uploads: StoredUpload[], orderBy: string | null): StoredUpload[] | Refusal {
  if (orderBy === null) return uploads;
  const keys: ((a: StoredUpload, b: StoredUpload) => number)[] = [];
  for (const part of orderBy.split(',')) {
    const match = /^(.+)_(ASC|DESC)$/.exec(part);
    const compare = match ? ORDERS[match[1] ?? ''] : undefined;
    if (!match || !compare) return { param: 'order_by', reason: `unsupported order "${part}"` };
    keys.push(match[2] === 'DESC' ? (a, b) => compare(b, a) : compare);
  }
  return [...uploads].sort((a, b) => {
    for (const key of keys) {
      const order = key(a, b);
      if (order !== 0) return order;
    }
    return a.seq - b.seq;
  });
}

/** `filter[ids]` narrows by lookup, so that big libraries stay fast to query by id. */
function candidates(library: MediaLibrary, ids: string | null): StoredUpload[] {
  if (ids === null) return [...library.uploads.values()];
  const found = new Set<StoredUpload>();
  for (const id of ids.split(',')) {
    const upload = library.get(id);
    if (upload) found.add(upload);
  }
  return [...found].sort((a, b) => a.seq - b.seq);
}

/**
 * The uploads a listing query selects, in insertion order. Unknown `filter[...]` parameters are
 * refused rather than ignored: ignoring one would list, and let a test delete, too much.
 */
export function selectUploads(
  library: MediaLibrary,
  query: URLSearchParams,
  ignoreUnknown = false,
): StoredUpload[] | Refusal {
  const predicates: Predicate[] = [];
  const lists = new Map<string, string[]>();
  for (const [param, value] of query) {
    if (!param.startsWith('filter[') || param === 'filter[ids]') continue;
    if (LIST_FILTERS[param]) {
      lists.set(param, [...(lists.get(param) ?? []), value]);
      continue;
    }
    const build = FILTERS[param];
    if (!build && ignoreUnknown) continue;
    if (!build) return { param, reason: 'unsupported filter' };
    const predicate = build(value, param);
    if (isRefusal(predicate)) return predicate;
    predicates.push(predicate);
  }
  for (const [param, values] of lists) predicates.push(LIST_FILTERS[param]?.(values) ?? (() => false));
  const all = candidates(library, query.get('filter[ids]'));
  return all.filter((upload) => predicates.every((p) => p(upload)));
}
