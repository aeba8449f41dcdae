import { shownValue } from '../common/shown-value.ts';
import { InputError } from '../common/errors.ts';
import { isRecord } from '../common/guards.ts';
import { isIsoDate } from '../common/iso-date.ts';
import { duplicateKey } from '../common/json-keys.ts';
import {
  closest,
  describeCondition,
  isProvable,
  operandOf,
  uploadField,
  UPLOAD_FIELDS,
  type ConditionValue,
  type UploadField,
} from './upload-fields.ts';

/** One value as `GET /uploads` takes it in `filter[fields][FIELD][OP]`. */
export type FilterScalar = string | number | boolean;
/**
 * A filter value: one value, or a list for the operators that take one (`any_in`, `in`, `eq` of
 * tags...), sent as `filter[fields][FIELD][OP][]=a&...[]=b` as the official client writes arrays.
 */
export type FilterValue = ConditionValue;
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
const DAY_MS = 24 * 60 * 60 * 1000;
const UNIT_MS: Record<string, number> = { h: 60 * 60 * 1000, d: DAY_MS, w: 7 * DAY_MS };
/** The longest duration, whatever its unit: about a century, far past any library's age. */
const MAX_DURATION_DAYS = 36_500;
const MAX_DURATION_MS = MAX_DURATION_DAYS * DAY_MS;
const EXAMPLE = '{"tags":{"contains":"release-42"}}';
/**
 * A date written finer than the millisecond: JavaScript compares dates to the millisecond, so a
 * bound of 00:00:00.0005 would be checked as 00:00:00.000 on each listed upload. Refused.
 */
const FINER_THAN_MS = /\.\d{4,}/;
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
  refuseFutureBounds(conditions, now);
  const fromFilter = conditions.length;
  const described = conditions.map((c) => `${describeCondition(c)}${provenance(c)}`);
  if (inputs.onlyUnused) {
    if (conditions.some((c) => c.field === 'in_use')) {
      throw new InputError('filter sets in_use and only-unused is true: keep only one of them');
    }
    conditions.push({ field: 'in_use', op: 'eq', value: false });
    described.push(`not used by any record${UNPROVEN}`);
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
    described.push(`matching the text ${JSON.stringify(query)}${UNPROVEN}`);
  }
  const hasFilterInput = inputs.filter.trim() !== '';
  return { conditions, query, described, hasFilterInput, fromFilter, onlyUnused: inputs.onlyUnused, olderThan };
}

/**
 * Said of a criterion that no listed attribute shows (`in_use`, the full-text query...): what the
 * API answers for it is taken on its word. Every other criterion is checked on each listed upload.
 */
export const UNPROVEN = " (the API's word: a listing cannot show it)";

function provenance(condition: FilterCondition): string {
  return isProvable(condition) ? '' : UNPROVEN;
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
  if (!isRecord(value)) throw new InputError(`filter must be a JSON object such as ${EXAMPLE}, not ${kindOf(value)}`);
  const repeated = duplicateKey(text);
  if (repeated !== undefined) {
    throw new InputError(
      `filter names ${shownValue(repeated)} twice in one object, and JSON keeps only the last: write each field once, with all its operators inside it`,
    );
  }
  if (Object.keys(value).length === 0) {
    throw new InputError(
      `filter is {}, which holds no condition and would narrow nothing: give at least one field, e.g. ${EXAMPLE}, or leave filter empty`,
    );
  }
  const conditions: FilterCondition[] = [];
  for (const [field, ops] of Object.entries(value)) {
    checkName(field, FIELD, (name) => `field ${name}`, 'e.g. tags, type, _created_at', Object.keys(UPLOAD_FIELDS));
    const known = knownField(field);
    if (!isRecord(ops) || Object.keys(ops).length === 0) {
      throw new InputError(`filter field ${field} must map operators to values, e.g. {"${field}":{"eq":"..."}}`);
    }
    for (const [op, operand] of Object.entries(ops)) {
      checkName(
        op,
        OPERATOR,
        (name) => `operator ${name} of ${field}`,
        'e.g. eq, contains, lt',
        Object.keys(known.ops),
      );
      knownOperator(field, known, op);
      conditions.push({ field, op, value: filterValue(field, op, operand, known) });
    }
  }
  return conditions;
}

/** The documented field `name`, or an InputError that names the closest one (an API may ignore a name it does not know). */
function knownField(name: string): UploadField {
  const field = uploadField(name);
  if (field !== undefined) return field;
  const names = Object.keys(UPLOAD_FIELDS);
  const near = closest(name, names);
  throw new InputError(
    `filter field ${shownValue(name)} is not an upload filter field of the CMA${near === undefined ? '' : `: did you mean ${JSON.stringify(near)}?`} (the fields: ${names.join(', ')})`,
  );
}

function knownOperator(name: string, field: UploadField, op: string): void {
  if (operandOf(field, op) !== undefined) return;
  const ops = Object.keys(field.ops);
  const near = closest(op, ops);
  throw new InputError(
    `filter ${name}.${op} is not an operator of ${name}${near === undefined ? '' : `: did you mean ${JSON.stringify(near)}?`} (${name} takes ${ops.join(', ')})`,
  );
}

/** Refuses a field or operator name, naming it, unless it is plain snake_case. */
function checkName(
  name: string,
  pattern: RegExp,
  what: (quoted: string) => string,
  example: string,
  names: readonly string[],
): void {
  const quoted = shownValue(name);
  if (FORBIDDEN_NAMES.has(name)) {
    throw new InputError(
      `filter ${what(quoted)} is refused: __proto__, constructor and prototype are never field or operator names`,
    );
  }
  if (!pattern.test(name) || name.length > MAX_NAME_LENGTH) {
    const near = name.length > MAX_NAME_LENGTH ? undefined : closest(name, names);
    throw new InputError(
      `filter ${what(quoted)} is not a snake_case name (lowercase letters, digits and single _, ${example})${near === undefined ? '' : `: did you mean ${JSON.stringify(near)}?`}`,
    );
  }
}

function filterValue(field: string, op: string, operand: unknown, known: UploadField): FilterValue {
  const { ops, values } = known;
  const kind = operandOf(known, op);
  const named = `filter ${field}.${op}`;
  if (kind === 'pattern') {
    throw new InputError(
      `${named} takes a {"pattern": ...} object, which this version does not send: use query for a text search of filenames and tags`,
    );
  }
  if (kind === 'texts') return checkedValues(named, values, notEmpty(named, listValue(field, op, operand)));
  if (Array.isArray(operand)) {
    const lists = Object.entries(ops).flatMap(([name, takes]) => (takes === 'texts' ? [name] : []));
    const instead = lists.length === 0 ? '' : `, or use one of ${lists.join(', ')} for a list`;
    throw new InputError(`${named} is a list, but ${op} of ${field} takes one value: give one value${instead}`);
  }
  if (!isScalar(operand)) {
    throw new InputError(`${named} must be a string, a number or a boolean, not ${kindOf(operand)}`);
  }
  if (kind === 'boolean' && typeof operand !== 'boolean') {
    throw new InputError(`${named} is ${shownOperand(operand)}: expected true or false`);
  }
  if (kind === 'number' && !(typeof operand === 'number' && Number.isSafeInteger(operand) && operand >= 0)) {
    throw new InputError(
      `${named} is ${shownOperand(operand)}: expected a whole number, e.g. {"${field}":{"${op}":5000000}}`,
    );
  }
  if (kind === 'date' && (typeof operand !== 'string' || !isIsoDate(operand) || FINER_THAN_MS.test(operand))) {
    throw new InputError(
      `${named} is ${shownOperand(operand)}: expected an ISO date such as 2026-01-31 or 2026-01-31T12:00:00Z, to the millisecond at most`,
    );
  }
  if (kind === 'text' && typeof operand === 'boolean') {
    throw new InputError(`${named} is ${shownOperand(operand)}: expected a string, e.g. {"${field}":{"${op}":"..."}}`);
  }
  if (kind === 'text') checkedValues(named, values, notEmpty(named, [operand as string | number]));
  return operand;
}

/**
 * `list`, when no value is an empty string: the API could read one as no condition at all (for
 * an empty alt or title, `exists: false` says it).
 */
function notEmpty<T extends readonly (string | number)[]>(named: string, list: T): T {
  if (list.some((one) => typeof one === 'string' && one.trim() === '')) {
    throw new InputError(
      `${named} holds an empty string, which the API could read as no condition: give a value, or use exists: false for an empty one`,
    );
  }
  return list;
}

/** `list`, when every value is one of the field's `values` (its enum); else an InputError naming the first that is not. */
function checkedValues<T extends readonly (string | number)[]>(
  named: string,
  values: readonly string[] | undefined,
  list: T,
): T {
  const wrong = values === undefined ? undefined : list.find((one) => !values.includes(String(one)));
  if (wrong === undefined || values === undefined) return list;
  const near = closest(String(wrong), values);
  throw new InputError(
    `${named} holds ${shownOperand(wrong)}, which is not one of ${values.join(', ')}${near === undefined ? '' : `: did you mean ${JSON.stringify(near)}?`}`,
  );
}

/**
 * The list of `any_in`, `all_in`, `in` or `not_in`: 1 to 100 strings or numbers. An empty list
 * is refused: the API could read it as no condition at all, and select everything.
 */
function listValue(field: string, op: string, operand: unknown): readonly (string | number)[] {
  const expected = `${field}.${op} takes a list of strings or numbers, e.g. {"${field}":{"${op}":${LIST_EXAMPLE}}}`;
  if (!Array.isArray(operand)) throw new InputError(`filter ${expected}, not ${kindOf(operand)}`);
  if (operand.length === 0) throw new InputError(`filter ${field}.${op} is an empty list: name at least one value`);
  if (operand.length > MAX_LIST_VALUES) {
    throw new InputError(
      `filter ${field}.${op} lists ${operand.length} values, more than ${MAX_LIST_VALUES}: split the cleanup into several runs`,
    );
  }
  const items: (string | number)[] = [];
  for (const [index, item] of operand.entries()) {
    if ((typeof item !== 'string' && typeof item !== 'number') || !isScalar(item)) {
      throw new InputError(`filter ${field}.${op}[${index}] is ${kindOf(item)}: ${expected}`);
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
  if (!isIsoDate(text) || FINER_THAN_MS.test(text)) {
    throw new InputError(
      `older-than is ${shownValue(text)}: expected a duration such as 30d, 12h or 2w, or an ISO date such as 2026-01-31 (to the millisecond at most)`,
    );
  }
  const date = new Date(text);
  if (date.getTime() > now.getTime()) {
    throw new InputError(
      `older-than is ${shownValue(text)}, which is in the future: every upload is older than that; give a past date, or a duration such as 30d`,
    );
  }
  return date;
}

/**
 * A "created (or updated) before" bound in the future holds for every upload: a mistyped year
 * would select the whole library. Refused, as `older-than` refuses one.
 */
function refuseFutureBounds(conditions: readonly FilterCondition[], now: Date): void {
  for (const { field, op, value } of conditions) {
    const before = (op === 'lt' || op === 'lte') && (field === '_created_at' || field === '_updated_at');
    if (before && typeof value === 'string' && Date.parse(value) > now.getTime()) {
      throw new InputError(
        `filter ${field}.${op} is ${JSON.stringify(value)}, which is in the future: every upload is before that; give a past date`,
      );
    }
  }
}

/**
 * `12h`, `30d` or `2w` in milliseconds; undefined when `text` is not written as a duration.
 * Throws for a duration of 0, or of more than MAX_DURATION_DAYS (one limit, whatever the unit), naming `input`.
 */
export function parseDuration(input: string, text: string): number | undefined {
  const duration = /^(\d{1,12})([hdw])$/.exec(text);
  if (duration === null) return undefined;
  const amount = Number(duration[1]);
  if (amount === 0) throw new InputError(`${input} is ${shownValue(text)}: use a duration above 0`);
  const ms = amount * (UNIT_MS[duration[2] ?? 'd'] ?? DAY_MS);
  if (ms > MAX_DURATION_MS) {
    throw new InputError(
      `${input} is ${shownValue(text)}, more than any duration it takes: use at most ${MAX_DURATION_DAYS}d (${MAX_DURATION_DAYS * 24}h, or ${Math.floor(MAX_DURATION_DAYS / 7)}w)`,
    );
  }
  return ms;
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

function kindOf(value: unknown): string {
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

/** A filter operand a refusal names: strings as any refused value; numbers, booleans and lists as JSON, short. */
function shownOperand(operand: unknown): string {
  if (typeof operand === 'string') return shownValue(operand);
  const json = JSON.stringify(operand) ?? String(operand);
  return json.length > 40 || json.includes('=') ? `a value of ${json.length} characters (not shown)` : json;
}
