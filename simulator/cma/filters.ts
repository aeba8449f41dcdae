import { isRefusal, type Refusal } from './reply.ts';
import { uploadPath } from './resources.ts';
import type { MediaLibrary, StoredUpload } from '../common/store.ts';
import type { InUseFilter } from './options.ts';

type Predicate = (upload: StoredUpload) => boolean;

/** One documented operator of one field: how it reads its value, and what it selects. */
type Operator = (value: string | string[], param: string) => Predicate | Refusal;

const listed = (value: string | string[]): string[] => [value].flat();
const one = (value: string | string[]): string => [value].flat()[0] ?? '';

/** `eq`, `neq`, `gt`, `gte`, `lt`, `lte` on a number (whole, in the query) or a date (ISO 8601). */
function ordered(
  of: (u: StoredUpload) => unknown,
  read: (raw: string, param: string) => number | Refusal,
): Record<string, Operator> {
  const compare =
    (test: (a: number, b: number) => boolean): Operator =>
    (value, param) => {
      const bound = read(one(value), param);
      if (isRefusal(bound)) return bound;
      return (u) => {
        const shown = of(u);
        const time = typeof shown === 'string' ? Date.parse(shown) : shown;
        return typeof time === 'number' && !Number.isNaN(time) && test(time, bound);
      };
    };
  return {
    eq: compare((a, b) => a === b),
    neq: compare((a, b) => a !== b),
    gt: compare((a, b) => a > b),
    gte: compare((a, b) => a >= b),
    lt: compare((a, b) => a < b),
    lte: compare((a, b) => a <= b),
  };
}

const wholeNumber = (raw: string, param: string): number | Refusal =>
  /^\d+$/.test(raw) ? Number(raw) : { param, reason: 'expected a whole number' };
const isoDate = (raw: string, param: string): number | Refusal => {
  const time = Date.parse(raw);
  return Number.isNaN(time) ? { param, reason: `"${raw}" is not an ISO 8601 date` } : time;
};

/** `eq`, `neq` on one text, `in`, `not_in` on a list; compared case-blind when `nocase`. */
function exact(of: (u: StoredUpload) => string | null | undefined, nocase = false): Record<string, Operator> {
  const norm = (text: string) => (nocase ? text.toLowerCase() : text);
  const shown = (u: StoredUpload) => {
    const text = of(u);
    return typeof text === 'string' ? norm(text) : undefined;
  };
  const among = (value: string | string[], u: StoredUpload) => {
    const text = shown(u);
    return text !== undefined && listed(value).map(norm).includes(text);
  };
  return {
    eq: (value) => (u) => shown(u) === norm(one(value)),
    neq: (value) => (u) => shown(u) !== norm(one(value)),
    in: (value) => (u) => among(value, u),
    not_in: (value) => (u) => !among(value, u),
  };
}

/** `contains` one value; `eq` (the whole list, in any order), `any_in`, `all_in`, `not_in` a list. */
function tagged(of: (u: StoredUpload) => readonly string[]): Record<string, Operator> {
  return {
    contains: (value) => (u) => of(u).includes(one(value)),
    eq: (value) => (u) => {
      const want = new Set(listed(value));
      const have = new Set(of(u));
      return want.size === have.size && [...want].every((tag) => have.has(tag));
    },
    any_in: (value) => (u) => listed(value).some((tag) => of(u).includes(tag)),
    all_in: (value) => (u) => listed(value).every((tag) => of(u).includes(tag)),
    not_in: (value) => (u) => !listed(value).some((tag) => of(u).includes(tag)),
  };
}

/** A boolean operator: `true` or `false` in the query. */
function flag(test: (u: StoredUpload, wanted: boolean) => boolean): Operator {
  return (value, param) => {
    const wanted = one(value);
    if (wanted !== 'true' && wanted !== 'false') return { param, reason: 'expected true or false' };
    return (u) => test(u, wanted === 'true');
  };
}

/** `exists`: the text is set (not null, not empty). */
function described(of: (u: StoredUpload) => string | null | undefined): Record<string, Operator> {
  return {
    exists: flag((u, wanted) => {
      const text = of(u);
      return (typeof text === 'string' && text !== '') === wanted;
    }),
  };
}

/** The alt or title of a locale, the first one given (the simulator does not pick a locale). */
function localized(key: 'alt' | 'title') {
  return (u: StoredUpload): string | null => Object.values(u.defaultFieldMetadata?.[key] ?? {})[0] ?? null;
}

/** Operators that take a list, sent as the official client writes arrays (`KEY[]` repeated). */
const LIST_OPERATORS = new Set(['in', 'not_in', 'any_in', 'all_in']);
/** Fields whose `eq` takes a list too (the whole list must match). */
const LIST_FIELDS = new Set(['tags', 'smart_tags', 'colors']);

/**
 * Every documented upload filter field (the CDA's `UploadFilter` in snake_case, `path` since
 * 2025-11-17) with the operators the simulator plays; `matches` and `not_matches` (a pattern
 * object) are not simulated. `resolution` and `orientation` follow `width` and `height`
 * (UNVERIFIED thresholds); `smart_tags` and `colors` are always empty.
 */
const FIELDS: Record<string, Record<string, Operator>> = {
  _created_at: ordered((u) => u.createdAt, isoDate),
  _updated_at: ordered((u) => u.createdAt, isoDate),
  size: ordered((u) => u.size, wholeNumber),
  width: ordered((u) => u.width, wholeNumber),
  height: ordered((u) => u.height, wholeNumber),
  type: exact((u) => uploadType(u.mimeType)),
  in_use: { eq: flag((u, wanted) => listedInUse(u, 'any-version') === wanted) },
  resolution: exact(resolutionOf),
  orientation: pick(exact(orientationOf), ['eq', 'neq']),
  tags: tagged((u) => u.tags),
  smart_tags: tagged(() => []),
  colors: tagged(() => []),
  author: described((u) => u.author),
  copyright: described((u) => u.copyright),
  notes: described((u) => u.notes),
  alt: { ...exact(localized('alt')), ...described(localized('alt')) },
  title: { ...exact(localized('title')), ...described(localized('title')) },
  format: exact((u) => formatOf(u.filename)),
  mime_type: exact((u) => u.mimeType),
  md5: exact((u) => u.content.md5(), true),
  id: exact((u) => u.id),
  path: exact(uploadPath, true),
};

function pick(operators: Record<string, Operator>, names: readonly string[]): Record<string, Operator> {
  return Object.fromEntries(names.flatMap((name) => (operators[name] ? [[name, operators[name]]] : [])));
}

/**
 * The upload `type` of the schema (archive, audio, image, pdfdocument, presentation, richtext,
 * spreadsheet, video), told from the media type: UNVERIFIED beyond image, video, audio and PDF.
 */
export function uploadType(mimeType: string): string | undefined {
  const mime = mimeType.toLowerCase();
  const [top] = mime.split('/');
  if (top === 'image' || top === 'video' || top === 'audio') return top;
  if (mime === 'application/pdf') return 'pdfdocument';
  if (/zip|tar|rar|7z|gzip/.test(mime)) return 'archive';
  if (/presentation|powerpoint|keynote/.test(mime)) return 'presentation';
  if (/spreadsheet|excel|csv/.test(mime)) return 'spreadsheet';
  if (/^text\/|msword|wordprocessing|rtf|opendocument\.text/.test(mime)) return 'richtext';
  return undefined;
}

function formatOf(filename: string): string | null {
  const dot = filename.lastIndexOf('.');
  return dot > 0 ? filename.slice(dot + 1).toLowerCase() : null;
}

function orientationOf(u: StoredUpload): string | null {
  if (u.width === null || u.height === null) return null;
  if (u.width === u.height) return 'square';
  return u.width > u.height ? 'landscape' : 'portrait';
}

/** UNVERIFIED thresholds: the docs name the values, not where each starts. */
function resolutionOf(u: StoredUpload): string | null {
  if (u.width === null || u.height === null) return null;
  const side = Math.max(u.width, u.height);
  if (side <= 64) return 'icon';
  if (side <= 640) return 'small';
  return side <= 1920 ? 'medium' : 'large';
}

/** `filter[fields][FIELD][OP]`, or `filter[fields][FIELD][OP][]` for a list. */
const FIELD_PARAM = /^filter\[fields\]\[([^\]]+)\]\[([^\]]+)\](\[\])?$/;

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

/**
 * Whether the `in_use` filter counts the upload as used (UNVERIFIED which versions it counts: see
 * `inUseFilter`). The `inUse` seed flag counts under both answers.
 */
export function listedInUse(upload: StoredUpload, mode: InUseFilter): boolean {
  if (upload.inUse) return true;
  if (mode === 'any-version') return upload.references.length > 0;
  return upload.references.some((reference) => reference.version !== 'current');
}

/** The fields with `in_use` as `mode` counts it. */
function fieldsFor(mode: InUseFilter): Record<string, Record<string, Operator>> {
  if (mode === 'any-version') return FIELDS;
  return { ...FIELDS, in_use: { eq: flag((u, wanted) => listedInUse(u, mode) === wanted) } };
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
 * The uploads a listing query selects, in insertion order. A `filter[...]` parameter the API does
 * not document is refused (422 `INVALID_FILTER_FIELDS_PARAM`) rather than ignored, unless
 * `ignoreUnknown`: ignoring one would list, and let a test delete, too much. Conditions on a field
 * of `ignoredFields` are read and left unapplied, as an API that ignores a documented field would.
 */
export function selectUploads(
  library: MediaLibrary,
  query: URLSearchParams,
  ignoreUnknown = false,
  ignoredFields: ReadonlySet<string> = new Set(),
  inUseFilter: InUseFilter = 'any-version',
): StoredUpload[] | Refusal {
  const given = new Map<string, string[]>();
  for (const [param, value] of query) {
    if (param.startsWith('filter[') && param !== 'filter[ids]') given.set(param, [...(given.get(param) ?? []), value]);
  }
  const predicates: Predicate[] = [];
  for (const [param, values] of given) {
    const predicate = conditionOf(param, values, ignoredFields, fieldsFor(inUseFilter));
    if (predicate === undefined || (isRefusal(predicate) && predicate.unknown === true && ignoreUnknown)) continue;
    if (isRefusal(predicate)) return predicate;
    predicates.push(predicate);
  }
  const all = candidates(library, query.get('filter[ids]'));
  return all.filter((upload) => predicates.every((p) => p(upload)));
}

/** The predicate of one filter parameter (with every value it was given); undefined when it is ignored. */
function conditionOf(
  param: string,
  given: string[],
  ignoredFields: ReadonlySet<string>,
  fields: Record<string, Record<string, Operator>>,
): Predicate | Refusal | undefined {
  if (param === 'filter[query]') {
    const text = given[0] ?? '';
    return (u) => u.filename.toLowerCase().includes(text.toLowerCase()) || u.tags.includes(text);
  }
  const [, field = '', op = '', list] = FIELD_PARAM.exec(param) ?? [];
  const operators = Object.hasOwn(fields, field) ? fields[field] : undefined;
  const operator = operators !== undefined && Object.hasOwn(operators, op) ? operators[op] : undefined;
  if (operator === undefined) return { param, reason: 'unsupported filter', unknown: true };
  const takesList = LIST_OPERATORS.has(op) || (op === 'eq' && LIST_FIELDS.has(field));
  if (takesList !== (list !== undefined) || (!takesList && given.length > 1)) {
    return { param, reason: takesList ? 'expected a list, written KEY[]=...' : 'expected one value' };
  }
  if (ignoredFields.has(field)) return undefined;
  return operator(takesList ? given : (given[0] ?? ''), param);
}
