import { describe, expect, it } from 'vitest';
import { criteriaQuery, parseCriteria } from '../src/core/criteria/criteria.ts';
import { parseFilter } from '../src/core/criteria/filter.ts';
import { parseOlderThan } from '../src/core/criteria/older-than.ts';
import { InputError } from '../src/core/common/errors.ts';
import { readSettings } from '../src/core/settings/read-settings.ts';
import { uid } from '../__fixtures__/ids.ts';

const NOW = new Date('2026-11-22T12:00:00.000Z');
const none = { filter: '', query: '', onlyUnused: false, olderThan: '' };

describe('parseFilter', () => {
  it('reads {"FIELD":{"OP":VALUE}} into one condition per operator, in input order', () => {
    expect(
      parseFilter('{"tags":{"contains":"release-42"},"type":{"eq":"image"},"size":{"gt":1000,"lt":9000}}'),
    ).toEqual([
      { field: 'tags', op: 'contains', value: 'release-42' },
      { field: 'type', op: 'eq', value: 'image' },
      { field: 'size', op: 'gt', value: 1000 },
      { field: 'size', op: 'lt', value: 9000 },
    ]);
    expect(parseFilter('{"_created_at":{"gte":"2026-01-31"}}')).toEqual([
      { field: '_created_at', op: 'gte', value: '2026-01-31' },
    ]);
    expect(parseFilter('  ')).toEqual([]);
  });

  it.each([
    ['{tags}', /filter is not valid JSON/],
    ['[1,2]', /filter must be a JSON object .* not an array/],
    ['"tags"', /not a string/],
    ['null', /not null/],
    ['{"tags":"x"}', /filter field tags must map operators to values/],
    ['{"tags":{}}', /filter field tags must map operators/],
    ['{"tags][x":{"eq":"a"}}', /filter field "tags\]\[x" is not a snake_case name/],
    [
      '{"tags":{"eq&x=1":"a"}}',
      /filter operator a value of 6 characters with "=" in it \(not shown\) of tags is not a snake_case name/,
    ],
    ['{"Tags":{"eq":"a"}}', /filter field "Tags" is not a snake_case name/],
    ['{"__tags":{"eq":"a"}}', /filter field "__tags" is not a snake_case name/],
    ['{"tags":{"_eq":"a"}}', /filter operator "_eq" of tags is not a snake_case name/],
    ['{"__proto__":{"eq":"x"}}', /filter field "__proto__" is refused/],
    ['{"tags":{"__proto__":"release-42"}}', /filter operator "__proto__" of tags is refused/],
    ['{"constructor":{"eq":"x"}}', /filter field "constructor" is refused/],
    ['{"tags":{"prototype":"x"}}', /filter operator "prototype" of tags is refused/],
    ['{"tags":{"contains":"a"},"tags":{"contains":"b"}}', /filter names "tags" twice in one object/],
    ['{"tags":{"contains":"a","contains":"b"}}', /filter names "contains" twice/],
    ['{"tags":{"contains":"a"},"\\u0074ags":{"eq":"b"}}', /filter names "tags" twice/],
    ['{"_created_at":{"lt":"last week"}}', /filter _created_at.lt is "last week": expected an ISO date/],
    ['{"_created_at":{"gt":5}}', /filter _created_at.gt is 5: expected an ISO date/],
    [
      '{"tags":{"contains":["a","b"]}}',
      /filter tags.contains is a list, but contains of tags takes one value: .* eq, any_in, all_in, not_in for a list/,
    ],
    [
      '{"tags":{"any_in":"a"}}',
      /filter tags.any_in takes a list of strings or numbers, e.g. \{"tags":\{"any_in":\["release-41","release-42"\]\}\}, not a string/,
    ],
    ['{"tags":{"any_in":[]}}', /filter tags.any_in is an empty list: name at least one value/],
    ['{"tags":{"all_in":["a",["b"]]}}', /filter tags.all_in\[1\] is an array/],
    ['{"id":{"in":["a",{"x":1}]}}', /filter id.in\[1\] is an object/],
    ['{"tags":{"not_in":[true]}}', /filter tags.not_in\[0\] is a boolean/],
    ['{"tags":{"any_in":["a\\u0000"]}}', /filter tags.any_in\[0\] is a string with control characters/],
    [
      `{"tags":{"any_in":${JSON.stringify(Array.from({ length: 101 }, (_, i) => `t${i}`))}}}`,
      /lists 101 values, more than 100/,
    ],
    ['{"tags":{"eq":{"x":1}}}', /not an object/],
    [
      '{"format":{"eq":"a\\tb"}}',
      /filter format.eq must be a string, a number or a boolean, not a string with control characters/,
    ],
    ['{"tags":{"eq":"\\ud800"}}', /not a string with an unpaired surrogate/],
    ['{"size":{"gt":9007199254740993}}', /not a number too large to send exactly \(write it as a string\)/],
    ['{"tags":{"not_in":[12345678901234567891]}}', /filter tags.not_in\[0\] is a number too large to send exactly/],
    ['{"size":{"gt":1e400}}', /filter size.gt must be a string, a number or a boolean, not a number out of range/],
    // Only documented fields and operators: an API may ignore a name it does not know, and select everything.
    [
      '{"tag":{"contains":"release-41"}}',
      /filter field "tag" is not an upload filter field of the CMA: did you mean "tags"\?/,
    ],
    ['{"created_at":{"lt":"2026-01-31"}}', /did you mean "_created_at"\?/],
    ['{"inUse":{"eq":false}}', /filter field "inUse" is not a snake_case name .*: did you mean "in_use"\?/],
    [
      '{"colour":{"eq":"red"}}',
      /"colour" is not an upload filter field of the CMA: did you mean "colors"\? \(the fields: _created_at, _updated_at, type/,
    ],
    [
      '{"tags":{"contain":"a"}}',
      /filter tags.contain is not an operator of tags: did you mean "contains"\? \(tags takes contains, eq, any_in, all_in, not_in\)/,
    ],
    ['{"type":{"not_eq":"image"}}', /filter type.not_eq is not an operator of type: did you mean "neq"\?/],
    [
      '{"type":{"eq":"images"}}',
      /filter type.eq holds "images", which is not one of archive, .*: did you mean "image"\?/,
    ],
    ['{"type":{"in":["image","vidoe"]}}', /holds "vidoe", .*did you mean "video"\?/],
    ['{"size":{"gt":"5000"}}', /filter size.gt is "5000": expected a whole number/],
    ['{"size":{"gt":1.5}}', /expected a whole number/],
    ['{"in_use":{"eq":"false"}}', /filter in_use.eq is "false": expected true or false/],
    ['{"tags":{"eq":"a"}}', /filter tags.eq takes a list of strings or numbers/],
    [
      '{"filename":{"matches":{"pattern":"x"}}}',
      /filter filename.matches takes a \{"pattern": ...\} object, which this version does not send: use query/,
    ],
    ['{"_updated_at":{"gt":"yesterday"}}', /expected an ISO date/],
    ['{"alt":{"eq":""}}', /filter alt.eq holds an empty string, which the API could read as no condition/],
    ['{}', /filter is \{\}, which holds no condition and would narrow nothing/],
    ['{"_created_at":{"gte":"2024-01-01T00:00:00.000500Z"}}', /to the millisecond at most/],
    ['{"title":{"in":["x"," "]}}', /filter title.in holds an empty string/],
  ])('refuses %s', (raw, message) => {
    expect(() => parseFilter(raw)).toThrow(InputError);
    expect(() => parseFilter(raw)).toThrow(message);
  });
});

describe('list operators', () => {
  it('sends a list as the key repeated with [], every value in order', () => {
    const conditions = parseFilter('{"tags":{"any_in":["release-41","release-42"]},"format":{"in":["jpg","png"]}}');
    const criteria = {
      conditions,
      query: undefined,
      described: [],
      hasFilterInput: true,
      fromFilter: conditions.length,
      onlyUnused: false,
      olderThan: undefined,
      confirmUnused: false,
    };
    expect(criteriaQuery(criteria)).toEqual({
      'filter[fields][tags][any_in][]': ['release-41', 'release-42'],
      'filter[fields][format][in][]': ['jpg', 'png'],
    });
  });
});

describe('a cut-off in the future, which every upload is older than', () => {
  it.each([
    [
      { olderThan: '9999-12-31' },
      /older-than is "9999-12-31", which is in the future: every upload is older than that/,
    ],
    [{ olderThan: '2027-01-01' }, /which is in the future/],
    [
      { filter: '{"_created_at":{"lt":"2062-01-01"}}' },
      /filter _created_at.lt is "2062-01-01", which is in the future/,
    ],
    [{ filter: '{"_updated_at":{"lte":"2030-01-01T00:00:00Z"}}' }, /filter _updated_at.lte .* in the future/],
  ])('is refused: %j', (inputs, message) => {
    expect(() => parseCriteria({ ...none, ...inputs }, NOW)).toThrow(message);
  });

  it('is not a lower bound in the future, which selects nothing', () => {
    expect(parseCriteria({ ...none, filter: '{"_created_at":{"gt":"2030-01-01"}}' }, NOW).conditions).toHaveLength(1);
  });
});

describe('parseOlderThan', () => {
  it('counts hours, days and weeks back from now', () => {
    expect(parseOlderThan('12h', NOW)?.toISOString()).toBe('2026-11-22T00:00:00.000Z');
    expect(parseOlderThan('30d', NOW)?.toISOString()).toBe('2026-10-23T12:00:00.000Z');
    expect(parseOlderThan('2w', NOW)?.toISOString()).toBe('2026-11-08T12:00:00.000Z');
  });

  it('reads ISO dates', () => {
    expect(parseOlderThan('2026-01-31', NOW)?.toISOString()).toBe('2026-01-31T00:00:00.000Z');
    expect(parseOlderThan('2026-01-31T12:30:00+02:00', NOW)?.toISOString()).toBe('2026-01-31T10:30:00.000Z');
    expect(parseOlderThan('', NOW)).toBeUndefined();
  });

  it.each([
    '100',
    '30',
    '0d',
    '30 days',
    '1.5d',
    '2026-13-01',
    '2026-02-31',
    '2026-02-29T10:00:00Z',
    'yesterday',
    '30m',
  ])('refuses %j', (raw) => {
    expect(() => parseOlderThan(raw, NOW)).toThrow(InputError);
  });
});

describe('parseCriteria', () => {
  it('merges filter, only-unused, older-than and query, and says them in words', () => {
    const criteria = parseCriteria(
      { filter: '{"tags":{"contains":"old"}}', query: ' logo ', onlyUnused: true, olderThan: '30d' },
      NOW,
    );
    expect(criteriaQuery(criteria)).toEqual({
      'filter[fields][tags][contains]': 'old',
      'filter[fields][in_use][eq]': 'false',
      'filter[fields][_created_at][lt]': '2026-10-23T12:00:00.000Z',
      'filter[query]': 'logo',
    });
    expect(criteria.described).toEqual([
      'tags contains "old"',
      "not used by any record (the API's word: a listing cannot show it)",
      'created before 2026-10-23T12:00:00.000Z (older than 30d)',
      'matching the text "logo" (the API\'s word: a listing cannot show it)',
    ]);
  });

  it('has no criteria when nothing is set', () => {
    expect(parseCriteria(none, NOW)).toEqual({
      conditions: [],
      query: undefined,
      described: [],
      hasFilterInput: false,
      fromFilter: 0,
      onlyUnused: false,
      olderThan: undefined,
      confirmUnused: false,
    });
  });

  it('refuses a criterion set twice', () => {
    expect(() => parseCriteria({ ...none, filter: '{"in_use":{"eq":true}}', onlyUnused: true }, NOW)).toThrow(
      /filter sets in_use and only-unused is true/,
    );
    expect(() =>
      parseCriteria({ ...none, filter: '{"_created_at":{"lt":"2020-01-01"}}', olderThan: '2d' }, NOW),
    ).toThrow(/filter sets _created_at.lt and older-than is set/);
  });
});

describe('scope', () => {
  const read = (inputs: Record<string, string>) =>
    readSettings((name) => ({ 'api-token': 't', ...inputs })[name] ?? '');
  const [UP1, UP2] = [uid('up1'), uid('up2')];

  it('refuses library without a criterion, so that it can never mean everything', () => {
    expect(() => read({ scope: 'library' })).toThrow(/scope is library but no criterion is set/);
  });

  it('refuses library together with upload-ids or upload-ids-file', () => {
    expect(() => read({ scope: 'library', 'upload-ids': UP1, query: 'x' })).toThrow(
      /scope is library but upload-ids or upload-ids-file is set/,
    );
    expect(() => read({ scope: 'library', 'upload-ids-file': 'ids.txt', query: 'x' })).toThrow(
      /scope is library but upload-ids or upload-ids-file is set/,
    );
  });

  it('reads UPLOAD_ID/* as every track of that upload', () => {
    const settings = read({ 'upload-tracks': `${UP1}/*, ${UP2}/tr1 ${UP1}/*` });
    expect(settings.allTracksOf).toEqual([UP1]);
    expect(settings.uploadTracks).toEqual([{ uploadId: UP2, trackId: 'tr1' }]);
  });
});
