import { InputError } from './errors.ts';

/** A filter value as `GET /uploads` takes it in `filter[fields][FIELD][OP]`. */
export type FilterValue = string | number | boolean;

/** What narrows the selection: `filter`, `query`, `only-unused` and `older-than`, merged. */
export interface Criteria {
  /** `filter[fields][FIELD][OP]=VALUE` parameters, by field then operator. */
  readonly fields: Readonly<Record<string, Readonly<Record<string, FilterValue>>>>;
  /** `filter[query]`, full text; undefined when unset. */
  readonly query: string | undefined;
  /** The criteria in words, for the log and the summary; empty when there are none. */
  readonly described: readonly string[];
  /** True when the `filter` input was set: field names the API may not know. */
  readonly hasFilterInput: boolean;
}

/** Names the CMA uses for upload filter fields and operators (snake_case). */
const NAME = /^[a-z_][a-z0-9_]{0,63}$/;
const DAY_MS = 24 * 60 * 60 * 1000;
const UNIT_MS: Record<string, number> = { h: 60 * 60 * 1000, d: DAY_MS, w: 7 * DAY_MS };

export interface CriteriaInputs {
  readonly filter: string;
  readonly query: string;
  readonly onlyUnused: boolean;
  readonly olderThan: string;
}

/** Builds the criteria; `now` is the time `older-than` counts back from. */
export function parseCriteria(inputs: CriteriaInputs, now: Date): Criteria {
  const fields: Record<string, Record<string, FilterValue>> = parseFilter(inputs.filter);
  const described = Object.entries(fields).flatMap(([field, ops]) =>
    Object.entries(ops).map(([op, value]) => `${field} ${op} ${JSON.stringify(value)}`),
  );
  if (inputs.onlyUnused) {
    if (fields.in_use !== undefined) {
      throw new InputError('filter sets in_use and only-unused is true: keep only one of them');
    }
    fields.in_use = { eq: false };
    described.push('not used by any record');
  }
  const before = parseOlderThan(inputs.olderThan, now);
  if (before !== undefined) {
    if (fields._created_at?.lt !== undefined) {
      throw new InputError('filter sets _created_at.lt and older-than is set: keep only one of them');
    }
    fields._created_at = { ...fields._created_at, lt: before.toISOString() };
    described.push(`created before ${before.toISOString()} (older than ${inputs.olderThan.trim()})`);
  }
  const query = inputs.query.trim() === '' ? undefined : inputs.query.trim();
  if (query !== undefined) {
    if (/\p{Cc}/u.test(query)) throw new InputError('query contains control characters: remove them');
    described.push(`matching the text ${JSON.stringify(query)}`);
  }
  return { fields, query, described, hasFilterInput: inputs.filter.trim() !== '' };
}

/** `filter`: a JSON object `{"FIELD":{"OP":VALUE}}`, e.g. `{"tags":{"contains":"release-42"}}`. */
export function parseFilter(raw: string): Record<string, Record<string, FilterValue>> {
  const text = raw.trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InputError(`filter is not valid JSON: expected an object such as {"tags":{"contains":"release-42"}}`);
  }
  if (!isObject(value)) {
    throw new InputError(`filter must be a JSON object such as {"tags":{"contains":"release-42"}}, not ${kind(value)}`);
  }
  const fields: Record<string, Record<string, FilterValue>> = {};
  for (const [field, ops] of Object.entries(value)) {
    if (!NAME.test(field))
      throw new InputError(`filter field ${JSON.stringify(field)} is not a field name (snake_case)`);
    if (!isObject(ops) || Object.keys(ops).length === 0) {
      throw new InputError(`filter field ${field} must map operators to values, e.g. {"${field}":{"eq":"..."}}`);
    }
    fields[field] = {};
    for (const [op, operand] of Object.entries(ops)) fields[field][op] = filterValue(field, op, operand);
  }
  return fields;
}

function filterValue(field: string, op: string, operand: unknown): FilterValue {
  if (!NAME.test(op)) throw new InputError(`filter operator ${JSON.stringify(op)} of ${field} is not an operator name`);
  const ok =
    typeof operand === 'boolean' ||
    (typeof operand === 'number' && Number.isFinite(operand)) ||
    (typeof operand === 'string' && !/\p{Cc}/u.test(operand));
  if (!ok) {
    throw new InputError(`filter ${field}.${op} must be a string, a number or a boolean, not ${kind(operand)}`);
  }
  return operand;
}

/**
 * `older-than`: `12h`, `30d`, `2w`, or an ISO date (`2026-01-31`, `2026-01-31T12:00:00Z`).
 * Written by hand: general duration parsers also read a bare `100` as milliseconds, which here
 * would select every upload.
 */
export function parseOlderThan(raw: string, now: Date): Date | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  const duration = /^(\d{1,6})([hdw])$/.exec(text);
  if (duration !== null) {
    const amount = Number(duration[1]);
    if (amount === 0) throw new InputError(`older-than is ${JSON.stringify(text)}: use a duration above 0`);
    return new Date(now.getTime() - amount * (UNIT_MS[duration[2] ?? 'd'] ?? DAY_MS));
  }
  const date = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(text) ? new Date(text) : undefined;
  if (date === undefined || Number.isNaN(date.getTime()) || !isCalendarDate(text.slice(0, 10))) {
    throw new InputError(
      `older-than is ${JSON.stringify(text.slice(0, 80))}: expected a duration such as 30d, 12h or 2w, or an ISO date such as 2026-01-31`,
    );
  }
  return date;
}

/** `YYYY-MM-DD` names a real day: `Date` would roll 2026-02-31 over to March 3. */
function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.split('-').map(Number);
  const date = new Date(Date.UTC(year ?? 0, (month ?? 0) - 1, day ?? 0));
  return date.getUTCFullYear() === year && date.getUTCMonth() === (month ?? 0) - 1 && date.getUTCDate() === day;
}

/** The criteria as `GET /uploads` query parameters. */
export function criteriaQuery(criteria: Criteria): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [field, ops] of Object.entries(criteria.fields)) {
    for (const [op, value] of Object.entries(ops)) query[`filter[fields][${field}][${op}]`] = String(value);
  }
  if (criteria.query !== undefined) query['filter[query]'] = criteria.query;
  return query;
}

export function hasCriteria(criteria: Criteria): boolean {
  return criteria.described.length > 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kind(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
