import { isCount } from '../common/guards.ts';
import { isIsoDate } from '../common/iso-date.ts';

/**
 * The upload filter of `GET /uploads` (`filter[fields][FIELD][OP]=VALUE`), field by field: the
 * operators the API documents, what each takes, and how a listed upload proves it, where it can.
 *
 * The CMA's "List all uploads" says of `filter[fields]`: "Same as GraphQL API uploads filters.
 * Use snake_case for fields names"
 * (https://www.datocms.com/docs/content-management-api/resources/upload/instances). The fields,
 * operators and enum values below are those of the Content Delivery API's `UploadFilter`
 * (https://www.datocms.com/docs/content-delivery-api/filtering-uploads), in snake_case as the
 * official client writes operators (`any_in`, `not_in`); `path` was added on 2025-11-17
 * (https://www.datocms.com/product-updates/filter-uploads-by-path, eq/neq/in/not_in, compared
 * case-blind). The one list of fields: the settings refuse any other name before a request.
 */

/**
 * What an operator takes: one string, a list of strings, a whole number, an ISO 8601 date, a
 * boolean; or a `{pattern, case_sensitive, regexp}` object (`matches`), which this version does
 * not send.
 */
export type Operand = 'text' | 'texts' | 'number' | 'date' | 'boolean' | 'pattern';

/** A condition's value, as the settings hold it. */
export type ConditionValue = string | number | boolean | readonly (string | number)[];

/**
 * Whether a listed upload satisfies `op value`: true, false, or undefined when its listing does
 * not show enough to tell (the attribute is missing or malformed).
 */
type Check = (listed: ListedFields, op: string, value: ConditionValue) => boolean | undefined;

/** What a check reads of a listed upload: its ID and the attributes its fields need, as listed. */
export interface ListedFields {
  readonly id: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

export interface UploadField {
  readonly ops: Readonly<Record<string, Operand>>;
  /** The values a text operand may take (an enum of the schema); undefined: any text. */
  readonly values?: readonly string[];
  /** The listed attributes its check reads. */
  readonly attributes: readonly string[];
  /** How a listed upload proves a condition on it; undefined when no listed attribute shows it. */
  readonly check?: Check;
  /** Which of `values` a check can tell from a listing, when not all of them. */
  readonly provable?: readonly string[];
}

const COMPARED = { eq: 'number', neq: 'number', gt: 'number', gte: 'number', lt: 'number', lte: 'number' } as const;
const DATED = { eq: 'date', neq: 'date', gt: 'date', gte: 'date', lt: 'date', lte: 'date' } as const;
const EXACT = { eq: 'text', neq: 'text', in: 'texts', not_in: 'texts' } as const;
const TAGGED = { contains: 'text', eq: 'texts', any_in: 'texts', all_in: 'texts', not_in: 'texts' } as const;
const MATCHED = { matches: 'pattern', not_matches: 'pattern' } as const;
const DESCRIBED = { exists: 'boolean', ...MATCHED } as const;

/** The upload types of the schema; a listing shows only some of them (by `mime_type`). */
const TYPES = ['archive', 'audio', 'image', 'pdfdocument', 'presentation', 'richtext', 'spreadsheet', 'video'];

/**
 * Every field the API documents. `in_use`, `resolution`, `colors`, `alt` and `title` have no
 * check: no listed attribute shows them as the filter means them (records, thresholds, color
 * names, a locale), so what the API answers for them is taken on its word, and said so.
 */
export const UPLOAD_FIELDS: Readonly<Record<string, UploadField>> = {
  _created_at: { ops: DATED, attributes: ['created_at'], check: dateCheck('created_at') },
  _updated_at: { ops: DATED, attributes: ['updated_at'], check: dateCheck('updated_at') },
  type: {
    ops: EXACT,
    values: TYPES,
    attributes: ['mime_type'],
    check: exactCheck((listed) => typeOf(listed.attributes.mime_type)),
    provable: ['audio', 'image', 'pdfdocument', 'video'],
  },
  in_use: { ops: { eq: 'boolean' }, attributes: [] },
  resolution: { ops: EXACT, values: ['icon', 'small', 'medium', 'large'], attributes: [] },
  orientation: {
    ops: { eq: 'text', neq: 'text' },
    values: ['landscape', 'portrait', 'square'],
    attributes: ['width', 'height'],
    check: exactCheck(orientationOf),
  },
  size: { ops: COMPARED, attributes: ['size'], check: numberCheck('size') },
  width: { ops: COMPARED, attributes: ['width'], check: numberCheck('width') },
  height: { ops: COMPARED, attributes: ['height'], check: numberCheck('height') },
  tags: { ops: TAGGED, attributes: ['tags'], check: tagsCheck('tags') },
  smart_tags: { ops: TAGGED, attributes: ['smart_tags'], check: tagsCheck('smart_tags') },
  colors: {
    ops: TAGGED,
    values: ['black', 'blue', 'brown', 'cyan', 'green', 'grey', 'orange', 'pink', 'purple', 'red', 'white', 'yellow'],
    attributes: [],
  },
  filename: { ops: MATCHED, attributes: [] },
  basename: { ops: MATCHED, attributes: [] },
  author: { ops: DESCRIBED, attributes: ['author'], check: existsCheck('author') },
  copyright: { ops: DESCRIBED, attributes: ['copyright'], check: existsCheck('copyright') },
  notes: { ops: DESCRIBED, attributes: ['notes'], check: existsCheck('notes') },
  alt: { ops: { ...EXACT, ...DESCRIBED }, attributes: [] },
  title: { ops: { ...EXACT, ...DESCRIBED }, attributes: [] },
  format: { ops: EXACT, attributes: ['format'], check: exactCheck((listed) => text(listed.attributes.format)) },
  mime_type: {
    ops: { ...EXACT, ...MATCHED },
    attributes: ['mime_type'],
    check: exactCheck((listed) => text(listed.attributes.mime_type)),
  },
  md5: { ops: EXACT, attributes: ['md5'], check: exactCheck((listed) => lower(listed.attributes.md5), lower) },
  id: { ops: EXACT, attributes: [], check: exactCheck((listed) => listed.id) },
  path: { ops: EXACT, attributes: ['path'], check: exactCheck((listed) => lower(listed.attributes.path), lower) },
};

/** The field named `name`, if the API documents it (never a name inherited by every object). */
export function uploadField(name: string): UploadField | undefined {
  return Object.hasOwn(UPLOAD_FIELDS, name) ? UPLOAD_FIELDS[name] : undefined;
}

/** `tags contains "release-41"`: a condition as the log, the notes and the report write it. */
export function describeCondition({ field, op, value }: { field: string; op: string; value: ConditionValue }): string {
  return `${field} ${op} ${JSON.stringify(value)}`;
}

/** What `op` of the field takes; undefined when the API documents no such operator for it. */
export function operandOf(field: UploadField, op: string): Operand | undefined {
  return Object.hasOwn(field.ops, op) ? field.ops[op] : undefined;
}

/** Whether a listed upload can prove `field op value`: the field has a check for that operator and those values. */
export function isProvable(condition: { field: string; op: string; value: ConditionValue }): boolean {
  const field = uploadField(condition.field);
  const operand = field === undefined ? undefined : operandOf(field, condition.op);
  if (field?.check === undefined || operand === undefined || operand === 'pattern') return false;
  const { provable } = field;
  return provable === undefined || [condition.value].flat().every((one) => provable.includes(String(one)));
}

/** Whether the listed upload satisfies the condition; undefined when its listing cannot tell. */
export function satisfies(
  listed: ListedFields,
  condition: { field: string; op: string; value: ConditionValue },
): boolean | undefined {
  return uploadField(condition.field)?.check?.(listed, condition.op, condition.value);
}

/** A listed `created_at` is an ISO 8601 date and time with its offset: without one, the runner's time zone would decide. */
const LISTED_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const ORDER: Readonly<Record<string, (a: number, b: number) => boolean>> = {
  eq: (a, b) => a === b,
  neq: (a, b) => a !== b,
  gt: (a, b) => a > b,
  gte: (a, b) => a >= b,
  lt: (a, b) => a < b,
  lte: (a, b) => a <= b,
};

/**
 * `created_at` as a time, when it is written as a listing writes it and names a real instant. A
 * time finer than the millisecond lies strictly between two: it counts half a millisecond more,
 * so that comparisons with a bound (always whole milliseconds) come out as they would exactly.
 */
export function listedTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || !LISTED_DATE.test(value) || !isIsoDate(value)) return undefined;
  const finer = /\.\d{3}(\d+)/.exec(value)?.[1];
  return Date.parse(value) + (finer !== undefined && /[1-9]/.test(finer) ? 0.5 : 0);
}

function dateCheck(attribute: string): Check {
  return (listed, op, value) => {
    const time = listedTime(listed.attributes[attribute]);
    const bound = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    if (time === undefined || Number.isNaN(bound)) return undefined;
    return Object.hasOwn(ORDER, op) ? ORDER[op]?.(time, bound) : undefined;
  };
}

function numberCheck(attribute: string): Check {
  return (listed, op, value) => {
    const listedValue = listed.attributes[attribute];
    if (!isCount(listedValue) || typeof value !== 'number') return undefined;
    return Object.hasOwn(ORDER, op) ? ORDER[op]?.(listedValue, value) : undefined;
  };
}

/** `eq`, `neq`, `in`, `not_in` on one text the listing shows, both sides through `normal`. */
function exactCheck(
  of: (listed: ListedFields) => string | undefined,
  normal: (value: unknown) => string | undefined = String,
): Check {
  return (listed, op, value) => {
    const shown = of(listed);
    if (shown === undefined) return undefined;
    const values = [value].flat().map(normal);
    if (op === 'eq' || op === 'in') return values.includes(shown);
    if (op === 'neq' || op === 'not_in') return !values.includes(shown);
    return undefined;
  };
}

function tagsCheck(attribute: string): Check {
  return (listed, op, value) => {
    const shown = listed.attributes[attribute];
    if (!Array.isArray(shown) || !shown.every((tag) => typeof tag === 'string')) return undefined;
    const tags = new Set(shown);
    const values = [value].flat().map(String);
    if (op === 'contains') return tags.has(String(value));
    if (op === 'any_in') return values.some((one) => tags.has(one));
    if (op === 'all_in') return values.every((one) => tags.has(one));
    if (op === 'not_in') return !values.some((one) => tags.has(one));
    // `eq` matches the whole list: the same tags, each once, in any order.
    if (op === 'eq')
      return tags.size === shown.length && tags.size === new Set(values).size && values.every((one) => tags.has(one));
    return undefined;
  };
}

/** `exists`: the listing must show the attribute, as text or as null; a missing one proves nothing. */
function existsCheck(attribute: string): Check {
  return (listed, op, value) => {
    const shown = listed.attributes[attribute];
    if (op !== 'exists' || (shown !== null && typeof shown !== 'string')) return undefined;
    const exists = typeof shown === 'string' && shown !== '';
    return exists === value;
  };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function lower(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value).toLowerCase() : undefined;
}

/**
 * The upload `type` of a `mime_type`, for the types a media type surely tells (image, video and
 * audio by their top-level type, PDF by its own); undefined for the others, which are not proven.
 */
function typeOf(mime: unknown): string | undefined {
  if (typeof mime !== 'string' || !/^[a-z0-9.+-]+\/[a-z0-9.+-]+/i.test(mime)) return undefined;
  const lowered = mime.toLowerCase();
  if (lowered.startsWith('image/')) return 'image';
  if (lowered.startsWith('video/')) return 'video';
  if (lowered.startsWith('audio/')) return 'audio';
  return lowered.startsWith('application/pdf') ? 'pdfdocument' : 'other';
}

function orientationOf(listed: ListedFields): string | undefined {
  const { width, height } = listed.attributes;
  if (!isCount(width) || !isCount(height) || width === 0 || height === 0) return undefined;
  if (width === height) return 'square';
  return width > height ? 'landscape' : 'portrait';
}
