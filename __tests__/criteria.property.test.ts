/**
 * Property: whatever `filter` holds, either the settings refuse it (InputError, before any
 * request), or it names only documented fields and operators, and the listing query as sent
 * expresses every criterion written in it, each once, and nothing else. The filter text is written from generated (field, operator, value) entries,
 * so hostile keys (`__proto__`, `constructor`, brackets, repeats) reach the parser as a user
 * would type them, and the expectation is computed from the entries, not from the parser.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { criteriaQuery } from '../src/core/criteria/criteria.ts';
import { InputError } from '../src/core/common/errors.ts';
import { readSettings } from '../src/core/settings/read-settings.ts';

/**
 * The fields and operators the CDA's UploadFilter documents (snake_case), written out here from
 * the docs rather than read from the code: anything else must be refused.
 */
const DATES = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte'];
const EXACT = ['eq', 'neq', 'in', 'not_in'];
const TAGGED = ['contains', 'eq', 'any_in', 'all_in', 'not_in'];
const DOCUMENTED: Record<string, string[]> = {
  _created_at: DATES,
  _updated_at: DATES,
  type: EXACT,
  in_use: ['eq'],
  resolution: EXACT,
  orientation: ['eq', 'neq'],
  size: DATES,
  width: DATES,
  height: DATES,
  tags: TAGGED,
  smart_tags: TAGGED,
  colors: TAGGED,
  filename: ['matches', 'not_matches'],
  basename: ['matches', 'not_matches'],
  author: ['exists', 'matches', 'not_matches'],
  copyright: ['exists', 'matches', 'not_matches'],
  notes: ['exists', 'matches', 'not_matches'],
  alt: [...EXACT, 'exists', 'matches', 'not_matches'],
  title: [...EXACT, 'exists', 'matches', 'not_matches'],
  format: EXACT,
  mime_type: [...EXACT, 'matches', 'not_matches'],
  md5: EXACT,
  id: EXACT,
  path: EXACT,
};
/** Operators that take a list: `in`, `not_in`, `any_in`, `all_in`, and `eq` of a list field. */
const isList = (field: string, op: string) =>
  ['in', 'not_in', 'any_in', 'all_in'].includes(op) ||
  (op === 'eq' && ['tags', 'smart_tags', 'colors'].includes(field));

const NAMES = [
  ...Object.keys(DOCUMENTED),
  ...new Set(Object.values(DOCUMENTED).flat()),
  'tag',
  'tags',
  'type',
  'in_use',
  '_created_at',
  'size',
  'filename',
  'eq',
  'contains',
  'lt',
  'gt',
  'any_in',
  'all_in',
  'in',
  'not_in',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '__defineGetter__',
  'valueOf',
  'Tags',
  'a]',
  'a[b]',
  'x&y=1',
  '',
  ' ',
  '_',
  '__x',
  'x__y',
  'ümlaut',
];
const name = fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 8 }));
const value = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('2026-01-31', '2026-01-31T12:00:00Z', 'not a date', 'image', 'landscape', 'red', 'icon'),
  fc.nat(),
  fc.constantFrom(['image', 'video'], ['red'], ['small', 'large']),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
  fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.boolean(), fc.constant(null)), { maxLength: 3 }),
  fc.array(fc.array(fc.string({ maxLength: 2 }), { maxLength: 2 }), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 2 }),
);
/** `[field, operators]` entries, written into JSON in this order (repeats included). */
const entries = fc.array(fc.tuple(name, fc.array(fc.tuple(name, value), { maxLength: 3 })), { maxLength: 4 });
/** Written by hand rather than by JSON.stringify, so that repeated and `__proto__` keys stay in the text. */
const filterText = (list: [string, [string, unknown][]][]): string =>
  `{${list
    .map(
      ([field, ops]) =>
        `${JSON.stringify(field)}:{${ops.map(([op, v]) => `${JSON.stringify(op)}:${JSON.stringify(v)}`).join(',')}}`,
    )
    .join(',')}}`;

const SNAKE = /^_?[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;

describe('filter, for any input', () => {
  it('is refused, or reaches the query whole', () => {
    fc.assert(
      fc.property(entries, fc.boolean(), fc.boolean(), (list, onlyUnused, olderThan) => {
        const filter = filterText(list);
        let query: URLSearchParams;
        try {
          const settings = readSettings(
            (input) =>
              ({
                'api-token': 'token',
                filter,
                'only-unused': String(onlyUnused),
                'older-than': olderThan ? '30d' : '',
              })[input] ?? '',
            new Date('2026-11-25T00:00:00Z'),
          );
          // As sent on the wire: encoded by URLSearchParams, decoded by the server.
          const params = new URLSearchParams();
          for (const [key, v] of Object.entries(criteriaQuery(settings.criteria))) {
            for (const one of [v].flat()) params.append(key, one);
          }
          query = new URLSearchParams(params.toString());
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          return;
        }
        const expected = list.flatMap(([field, ops]) => ops.map(([op, v]) => [field, op, v] as const));
        const keyOf = (field: string, op: string) => `filter[fields][${field}][${op}]${isList(field, op) ? '[]' : ''}`;
        const keys = expected.map(([field, op]) => keyOf(field, op));
        expect(new Set(list.map(([field]) => field)).size).toBe(list.length);
        expect(new Set(keys).size).toBe(keys.length);
        for (const [field, op, v] of expected) {
          expect(field).toMatch(SNAKE);
          expect(op).toMatch(SNAKE);
          expect(['__proto__', 'constructor', 'prototype']).not.toContain(field);
          expect(Object.hasOwn(DOCUMENTED, field) && DOCUMENTED[field]?.includes(op), `${field}.${op}`).toBe(true);
          expect(['matches', 'not_matches'], 'a pattern object is never sent').not.toContain(op);
          if (isList(field, op)) {
            // A list operator takes a non-empty list of strings and numbers, each value sent.
            if (
              !Array.isArray(v) ||
              v.length === 0 ||
              !v.every((x) => typeof x === 'string' || typeof x === 'number')
            ) {
              throw new Error(`accepted ${JSON.stringify(v)} for ${field}.${op}`);
            }
            expect(query.getAll(keyOf(field, op))).toEqual(v.map(String));
            continue;
          }
          if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
            throw new Error(`accepted a ${typeof v} value for ${field}.${op}`);
          }
          expect(query.getAll(keyOf(field, op))).toEqual([String(v)]);
        }
        if (onlyUnused) expect(query.getAll('filter[fields][in_use][eq]')).toEqual(['false']);
        if (olderThan) expect(query.getAll('filter[fields][_created_at][lt]')).toEqual(['2026-10-26T00:00:00.000Z']);
        expect(new Set(query.keys()).size).toBe(keys.length + Number(onlyUnused) + Number(olderThan));
        const values = expected.reduce((n, [, , v]) => n + (Array.isArray(v) ? v.length : 1), 0);
        expect([...query.keys()]).toHaveLength(values + Number(onlyUnused) + Number(olderThan));
      }),
      { numRuns: 2000 },
    );
  });
});
