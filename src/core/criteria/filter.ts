/**
 * The `filter` input: a JSON object of `{FIELD: {OPERATOR: VALUE}}` conditions, each checked
 * against the upload fields the API documents.
 */
import { shownValue } from '../common/shown-value.ts';
import { InputError } from '../common/errors.ts';
import { isRecord } from '../common/guards.ts';
import { isIsoDate } from '../common/iso-date.ts';
import { duplicateKey } from '../common/json-keys.ts';
import { closest } from '../common/closest-name.ts';
import { operandOf, uploadField, UPLOAD_FIELDS, type ConditionValue, type UploadField } from './upload-fields.ts';

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

const EXAMPLE = '{"tags":{"contains":"release-42"}}';

/**
 * A date written finer than the millisecond: JavaScript compares dates to the millisecond, so a
 * bound of 00:00:00.0005 would be checked as 00:00:00.000 on each listed upload. Refused.
 */
export const FINER_THAN_MS = /\.\d{4,}/;

const LIST_EXAMPLE = '["release-41","release-42"]';

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
