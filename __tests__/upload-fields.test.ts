/**
 * What a listed upload proves of each documented filter field, what it cannot, and the names a
 * typo is taken for; and the token hidden whatever case an API echoes it in.
 */
import { describe, expect, it } from 'vitest';
import { secretHider } from '../src/core/common/secret.ts';
import { isProvable, satisfies, UPLOAD_FIELDS } from '../src/core/criteria/upload-fields.ts';
import { closest } from '../src/core/common/closest-name.ts';

const listed = (attributes: Record<string, unknown>, id = 'q0VNpiNQSkG6z0lif_O1zg') => ({ id, attributes });

describe('satisfies', () => {
  it.each([
    // [attributes, field, op, value, expected]
    [{ tags: ['a', 'b'] }, 'tags', 'contains', 'a', true],
    [{ tags: ['a', 'b'] }, 'tags', 'eq', ['b', 'a'], true],
    [{ tags: ['a', 'b'] }, 'tags', 'eq', ['a'], false],
    [{ tags: ['a'] }, 'tags', 'not_in', ['b'], true],
    [{ tags: 'a' }, 'tags', 'contains', 'a', undefined],
    [{}, 'tags', 'contains', 'a', undefined],
    [{ size: 10 }, 'size', 'gte', 10, true],
    [{ size: '10' }, 'size', 'gte', 10, undefined],
    [{ mime_type: 'image/svg+xml' }, 'type', 'eq', 'image', true],
    [{ mime_type: 'application/zip' }, 'type', 'neq', 'image', true],
    [{ mime_type: 'video/mp4' }, 'type', 'in', ['image', 'audio'], false],
    [{ width: 10, height: 20 }, 'orientation', 'eq', 'portrait', true],
    [{ width: null, height: null }, 'orientation', 'neq', 'portrait', undefined],
    [{ md5: 'ABCDEF' }, 'md5', 'eq', 'abcdef', true],
    [{ path: '/1/X.JPG' }, 'path', 'eq', '/1/x.jpg', true],
    // exists: the listing must show the attribute; a missing one proves nothing either way.
    [{ author: 'Jane' }, 'author', 'exists', false, false],
    [{ author: null }, 'author', 'exists', false, true],
    [{ author: '' }, 'author', 'exists', true, false],
    [{}, 'author', 'exists', false, undefined],
    [{ notes: 3 }, 'notes', 'exists', false, undefined],
    // Dates: with their offset; finer than the millisecond, strictly between two.
    [{ created_at: '2024-01-01T00:00:00.000Z' }, '_created_at', 'lt', '2024-01-01T00:00:00.001Z', true],
    [{ created_at: '2024-01-01T00:00:00.0005Z' }, '_created_at', 'lte', '2024-01-01T00:00:00.000Z', false],
    [{ created_at: '2024-01-01T00:00:00.0005Z' }, '_created_at', 'gt', '2024-01-01T00:00:00.000Z', true],
    [{ created_at: '2024-01-01T00:00:00.0005Z' }, '_created_at', 'lt', '2024-01-01T00:00:00.001Z', true],
    [{ created_at: '2024-01-01T00:00:00.0005Z' }, '_created_at', 'eq', '2024-01-01T00:00:00.000Z', false],
    [{ created_at: '2024-01-01T00:00:00' }, '_created_at', 'lt', '2025-01-01', undefined],
    [{ created_at: '2019-06-31T00:00:00Z' }, '_created_at', 'lt', '2025-01-01', undefined],
    [{ updated_at: '2024-01-01T02:00:00+02:00' }, '_updated_at', 'eq', '2024-01-01T00:00:00Z', true],
  ] as [Record<string, unknown>, string, string, unknown, boolean | undefined][])(
    '%j: %s %s %j is %s',
    (attributes, field, op, value, expected) => {
      expect(satisfies(listed(attributes), { field, op, value: value as string })).toBe(expected);
    },
  );

  it('checks id on the upload itself', () => {
    expect(satisfies(listed({}, 'abc'), { field: 'id', op: 'in', value: ['abc', 'def'] })).toBe(true);
  });
});

describe('isProvable', () => {
  it('is false for what no listed attribute shows, and for type values a media type does not tell', () => {
    expect(isProvable({ field: 'in_use', op: 'eq', value: false })).toBe(false);
    expect(isProvable({ field: 'resolution', op: 'eq', value: 'icon' })).toBe(false);
    expect(isProvable({ field: 'colors', op: 'contains', value: 'red' })).toBe(false);
    expect(isProvable({ field: 'alt', op: 'exists', value: true })).toBe(false);
    expect(isProvable({ field: 'type', op: 'in', value: ['image', 'richtext'] })).toBe(false);
    expect(isProvable({ field: 'type', op: 'in', value: ['image', 'pdfdocument'] })).toBe(true);
    expect(isProvable({ field: 'tags', op: 'contains', value: 'a' })).toBe(true);
    expect(isProvable({ field: 'constructor', op: 'eq', value: 'a' })).toBe(false);
    expect(isProvable({ field: 'tags', op: 'constructor', value: 'a' })).toBe(false);
  });
});

describe('closest', () => {
  const fields = Object.keys(UPLOAD_FIELDS);
  it.each([
    ['tag', 'tags'],
    ['inUse', 'in_use'],
    ['created_at', '_created_at'],
    ['createdAt', '_created_at'],
    ['mimetype', 'mime_type'],
    ['smartTags', 'smart_tags'],
    ['colour', 'colors'],
  ])('takes %s for %s', (typed, meant) => {
    expect(closest(typed, fields)).toBe(meant);
  });

  it('takes operators and values as people write them', () => {
    expect(closest('not_eq', ['eq', 'neq', 'in', 'not_in'])).toBe('neq');
    expect(closest('contain', ['contains', 'eq', 'any_in'])).toBe('contains');
    expect(closest('vidoe', ['image', 'video'])).toBe('video');
  });

  it('suggests nothing far off', () => {
    expect(closest('banana', fields)).toBeUndefined();
    expect(closest('x', fields)).toBeUndefined();
  });
});

describe('secretHider', () => {
  it('hides the token as written, JSON-escaped, and in any case', () => {
    const hide = secretHider('Ab3f9c0d2e7a4b1c9d8e6f5a4b3c2d1e');
    expect(hide('code AB3F9C0D2E7A4B1C9D8E6F5A4B3C2D1E, ab3f9c0d2e7a4b1c9d8e6f5a4b3c2d1e')).toBe('code ***, ***');
    const special = secretHider('a.b$c*d(e)f[g]h\\i"j');
    expect(special('x a.b$c*d(e)f[g]h\\i"j y A.B$C*D(E)F[G]H\\\\I\\"J z axb$c*d(e)f[g]h\\i"j')).toBe(
      'x *** y *** z axb$c*d(e)f[g]h\\i"j',
    );
    expect(secretHider('short')('short')).toBe('short');
  });
});
