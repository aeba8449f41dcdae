import { InputError } from './errors.ts';
import { isRecord } from './guards.ts';
import { duplicateKey } from './json-keys.ts';

/** One value as `GET /uploads` takes it in `filter[fields][FIELD][OP]`. */
export type FilterScalar = string | number | boolean;
/** A filter value: one value, or a list for the operators that take one (`any_in`...). */
export type FilterValue = FilterScalar | readonly (string | number)[];

/**
 * Operators that take a list, sent as `filter[fields][FIELD][OP][]=a&...[]=b` as the official
 * client writes arrays. A list elsewhere is refused, and so is a single value here.
 */
export const LIST_OPERATORS: readonly string[] = ['any_in', 'all_in', 'in', 'not_in'];
/** Most values of one list: a longer one is more likely a mistake than a filter. */
const MAX_LIST_VALUES = 100;

/** One `filter[fields][FIELD][OP]=VALUE` parameter. */
export interface FilterCondition {
  readonly field: string;
  readonly op: string;
  readonly value: FilterValue;
}

/** What narrows the selection: `filter`, `query`, `only-unused` and `older-than`, merged. */
export interface Criteria {
  /**
   * Every `filter[fields]` condition, in input order, then those of `only-unused` and
   * `older-than`. A list, not an object: no key can land on a prototype and drop out of the query.
   */
  readonly conditions: readonly FilterCondition[];
  /** `filter[query]`, full text; undefined when unset. */
  readonly query: string | undefined;
  /** The criteria in words, for the log and the summary; empty when there are none. */
  readonly described: readonly string[];
  /** True when the `filter` input was set: field names the API may not know. */
  readonly hasFilterInput: boolean;
  /** How many of `conditions`, from the first, the `filter` input wrote. */
  readonly fromFilter: number;
  /** `only-unused`: the `in_use eq false` condition is among `conditions`. */
  readonly onlyUnused: boolean;
  /** `older-than` as given, and the absolute cut-off it resolved to (the `_created_at lt` condition). */
  readonly olderThan: { readonly input: string; readonly before: string } | undefined;
}

/**
 * Field names as the CMA writes them (the GraphQL upload filters in snake_case, some with one
 * leading `_`, e.g. `_created_at`); operators the same without the leading `_`. Neither can hold
 * `[`, `]`, `&` or `=`, so each condition is exactly one query parameter.
 */
const FIELD = /^_?[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
const OPERATOR = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
const MAX_NAME_LENGTH = 64;
/** Names that mean something to JavaScript objects: refused whatever the pattern says. */
const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
/** Date comparisons the selection re-checks on each listed upload's `created_at`. */
export const DATE_OPERATORS = ['lt', 'lte', 'gt', 'gte'] as const;
const DAY_MS = 24 * 60 * 60 * 1000;
const UNIT_MS: Record<string, number> = { h: 60 * 60 * 1000, d: DAY_MS, w: 7 * DAY_MS };
const EXAMPLE = '{"tags":{"contains":"release-42"}}';
const LIST_EXAMPLE = '["release-41","release-42"]';

export interface CriteriaInputs {
  readonly filter: string;
  readonly query: string;
  readonly onlyUnused: boolean;
  readonly olderThan: string;
}

/** Builds the criteria; `now` is the time `older-than` counts back from. */
export function parseCriteria(inputs: CriteriaInputs, now: Date): Criteria {
  const conditions = parseFilter(inputs.filter);
  const fromFilter = conditions.length;
  const described = conditions.map(({ field, op, value }) => `${field} ${op} ${JSON.stringify(value)}`);
  if (inputs.onlyUnused) {
    if (conditions.some((c) => c.field === 'in_use')) {
      throw new InputError('filter sets in_use and only-unused is true: keep only one of them');
    }
    conditions.push({ field: 'in_use', op: 'eq', value: false });
    described.push('not used by any record');
  }
  const before = parseOlderThan(inputs.olderThan, now);
  if (before !== undefined) {
    if (conditionValue(conditions, '_created_at', 'lt') !== undefined) {
      throw new InputError('filter sets _created_at.lt and older-than is set: keep only one of them');
    }
    conditions.push({ field: '_created_at', op: 'lt', value: before.toISOString() });
    described.push(`created before ${before.toISOString()} (older than ${inputs.olderThan.trim()})`);
  }
  const olderThan = before === undefined ? undefined : { input: inputs.olderThan.trim(), before: before.toISOString() };
  const query = inputs.query.trim() === '' ? undefined : inputs.query.trim();
  if (query !== undefined) {
    if (/\p{Cc}/u.test(query) || /\p{Cs}/u.test(query)) {
      throw new InputError('query contains control characters or unpaired surrogates: remove them');
    }
    described.push(`matching the text ${JSON.stringify(query)}`);
  }
  const hasFilterInput = inputs.filter.trim() !== '';
  return { conditions, query, described, hasFilterInput, fromFilter, onlyUnused: inputs.onlyUnused, olderThan };
}

/** `filter`: a JSON object `{"FIELD":{"OP":VALUE}}`, e.g. `{"tags":{"contains":"release-42"}}`. */
export function parseFilter(raw: string): FilterCondition[] {
  const text = raw.trim();
  if (text === '') return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InputError(`filter is not valid JSON: expected an object such as ${EXAMPLE}`);
  }
  if (!isRecord(value)) throw new InputError(`filter must be a JSON object such as ${EXAMPLE}, not ${kind(value)}`);
  const repeated = duplicateKey(text);
  if (repeated !== undefined) {
    throw new InputError(
      `filter names ${JSON.stringify(repeated)} twice in one object, and JSON keeps only the last: write each field once, with all its operators inside it`,
    );
  }
  const conditions: FilterCondition[] = [];
  for (const [field, ops] of Object.entries(value)) {
    checkName(field, FIELD, (name) => `field ${name}`, 'e.g. tags, type, _created_at');
    if (!isRecord(ops) || Object.keys(ops).length === 0) {
      throw new InputError(`filter field ${field} must map operators to values, e.g. {"${field}":{"eq":"..."}}`);
    }
    for (const [op, operand] of Object.entries(ops)) {
      checkName(op, OPERATOR, (name) => `operator ${name} of ${field}`, 'e.g. eq, contains, lt');
      conditions.push({ field, op, value: filterValue(field, op, operand) });
    }
  }
  return conditions;
}

/** Refuses a field or operator name, naming it, unless it is plain snake_case. */
function checkName(name: string, pattern: RegExp, what: (quoted: string) => string, example: string): void {
  const quoted = JSON.stringify(name.length > 80 ? `${name.slice(0, 77)}...` : name);
  if (FORBIDDEN_NAMES.has(name)) {
    throw new InputError(
      `filter ${what(quoted)} is refused: __proto__, constructor and prototype are never field or operator names`,
    );
  }
  if (!pattern.test(name) || name.length > MAX_NAME_LENGTH) {
    throw new InputError(
      `filter ${what(quoted)} is not a snake_case name (lowercase letters, digits and single _, ${example})`,
    );
  }
}

function filterValue(field: string, op: string, operand: unknown): FilterValue {
  if (LIST_OPERATORS.includes(op)) return listValue(field, op, operand);
  if (Array.isArray(operand)) {
    throw new InputError(
      `filter ${field}.${op} is a list, but ${op} takes one value: give one value, or use one of ${LIST_OPERATORS.join(', ')} for a list`,
    );
  }
  if (!isScalar(operand)) {
    throw new InputError(`filter ${field}.${op} must be a string, a number or a boolean, not ${kind(operand)}`);
  }
  const compared = (DATE_OPERATORS as readonly string[]).includes(op);
  if (field === '_created_at' && compared && (typeof operand !== 'string' || !isIsoDate(operand))) {
    throw new InputError(
      `filter _created_at.${op} is ${JSON.stringify(operand)}: expected an ISO date such as 2026-01-31 or 2026-01-31T12:00:00Z`,
    );
  }
  return operand;
}

/**
 * The list of `any_in`, `all_in`, `in` or `not_in`: 1 to 100 strings or numbers. An empty list
 * is refused: the API could read it as no condition at all, and select everything.
 */
function listValue(field: string, op: string, operand: unknown): readonly (string | number)[] {
  const expected = `${field}.${op} takes a list of strings or numbers, e.g. {"${field}":{"${op}":${LIST_EXAMPLE}}}`;
  if (!Array.isArray(operand)) throw new InputError(`filter ${expected}, not ${kind(operand)}`);
  if (operand.length === 0) throw new InputError(`filter ${field}.${op} is an empty list: name at least one value`);
  if (operand.length > MAX_LIST_VALUES) {
    throw new InputError(
      `filter ${field}.${op} lists ${operand.length} values, more than ${MAX_LIST_VALUES}: split the cleanup into several runs`,
    );
  }
  const items: (string | number)[] = [];
  for (const [index, item] of operand.entries()) {
    if ((typeof item !== 'string' && typeof item !== 'number') || !isScalar(item)) {
      throw new InputError(`filter ${field}.${op}[${index}] is ${kind(item)}: ${expected}`);
    }
    items.push(item);
  }
  return items;
}

/**
 * A value that reaches the query exactly as written: no control characters or unpaired
 * surrogates (URLSearchParams would rewrite them), no number JSON.parse had to round.
 */
function isScalar(value: unknown): value is FilterScalar {
  return (
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER) ||
    (typeof value === 'string' && !/\p{Cc}/u.test(value) && !/\p{Cs}/u.test(value))
  );
}

/**
 * `older-than`: `12h`, `30d`, `2w`, or an ISO date (`2026-01-31`, `2026-01-31T12:00:00Z`).
 * Written by hand: general duration parsers also read a bare `100` as milliseconds, which here
 * would select every upload.
 */
export function parseOlderThan(raw: string, now: Date): Date | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  const duration = parseDuration('older-than', text);
  if (duration !== undefined) return new Date(now.getTime() - duration);
  if (!isIsoDate(text)) {
    throw new InputError(
      `older-than is ${JSON.stringify(text.slice(0, 80))}: expected a duration such as 30d, 12h or 2w, or an ISO date such as 2026-01-31`,
    );
  }
  return new Date(text);
}

/**
 * `12h`, `30d` or `2w` in milliseconds; undefined when `text` is not written as a duration.
 * Throws for a duration of 0, naming `input`.
 */
export function parseDuration(input: string, text: string): number | undefined {
  const duration = /^(\d{1,6})([hdw])$/.exec(text);
  if (duration === null) return undefined;
  const amount = Number(duration[1]);
  if (amount === 0) throw new InputError(`${input} is ${JSON.stringify(text)}: use a duration above 0`);
  return amount * (UNIT_MS[duration[2] ?? 'd'] ?? DAY_MS);
}

/** `2026-01-31` or `2026-01-31T12:00:00Z` (with an offset or Z), naming a real day. */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(text)) return false;
  return !Number.isNaN(new Date(text).getTime()) && isCalendarDate(text.slice(0, 10));
}

/** `YYYY-MM-DD` names a real day: `Date` would roll 2026-02-31 over to March 3. */
function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.split('-').map(Number);
  const date = new Date(Date.UTC(year ?? 0, (month ?? 0) - 1, day ?? 0));
  return date.getUTCFullYear() === year && date.getUTCMonth() === (month ?? 0) - 1 && date.getUTCDate() === day;
}

/** The value of the `field`.`op` condition, if there is one. */
export function conditionValue(
  conditions: readonly FilterCondition[],
  field: string,
  op: string,
): FilterValue | undefined {
  return conditions.find((c) => c.field === field && c.op === op)?.value;
}

/**
 * The criteria as `GET /uploads` query parameters, a list as `KEY[]` with every value. Checks
 * that the query holds every criterion, each once and whole: a criterion that did not reach the
 * query would widen the selection.
 */
export function criteriaQuery(criteria: Criteria): Record<string, string | string[]> {
  const entries: [string, string | string[]][] = criteria.conditions.map(({ field, op, value }) =>
    typeof value === 'object'
      ? [`filter[fields][${field}][${op}][]`, value.map(String)]
      : [`filter[fields][${field}][${op}]`, String(value)],
  );
  if (criteria.query !== undefined) entries.push(['filter[query]', criteria.query]);
  const query = Object.fromEntries(entries);
  const sent = new URLSearchParams();
  for (const [key, value] of entries) for (const one of [value].flat()) sent.append(key, one);
  const missing = entries.filter(([key, value]) => sent.getAll(key).join('\n') !== [value].flat().join('\n'));
  if (missing.length > 0 || new Set(sent.keys()).size !== entries.length) {
    throw new Error(`internal error: the listing query would not express ${missing[0]?.[0] ?? 'every criterion'}`);
  }
  return query;
}

export function hasCriteria(criteria: Criteria): boolean {
  return criteria.described.length > 0;
}

function kind(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return 'a number out of range';
  if (typeof value === 'number' && Math.abs(value) > Number.MAX_SAFE_INTEGER) {
    return 'a number too large to send exactly (write it as a string)';
  }
  if (typeof value === 'string' && /\p{Cc}/u.test(value)) return 'a string with control characters';
  if (typeof value === 'string' && /\p{Cs}/u.test(value)) return 'a string with an unpaired surrogate';
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
