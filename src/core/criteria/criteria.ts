import { InputError } from '../common/errors.ts';
import { describeCondition, isProvable } from './upload-fields.ts';
import { type FilterValue, type FilterCondition, parseFilter } from './filter.ts';
import { parseOlderThan } from './older-than.ts';

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
  /**
   * `confirm-unused`: every selected upload's references are read before anything is deleted,
   * and an upload any record links is kept. Not a condition of the listing: it narrows nothing
   * by itself (`scope: library` still needs a criterion). Default false.
   */
  readonly confirmUnused: boolean;
}

export interface CriteriaInputs {
  readonly filter: string;
  readonly query: string;
  readonly onlyUnused: boolean;
  readonly olderThan: string;
  /** Default false. */
  readonly confirmUnused?: boolean;
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
  const confirmUnused = inputs.confirmUnused ?? false;
  return {
    conditions,
    query,
    described,
    hasFilterInput,
    fromFilter,
    onlyUnused: inputs.onlyUnused,
    olderThan,
    confirmUnused,
  };
}

/**
 * Said of a criterion that no listed attribute shows (`in_use`, the full-text query...): what the
 * API answers for it is taken on its word. Every other criterion is checked on each listed upload.
 */
export const UNPROVEN = " (the API's word: a listing cannot show it)";

function provenance(condition: FilterCondition): string {
  return isProvable(condition) ? '' : UNPROVEN;
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
