import { describe, expect, it } from 'vitest';
import { chunk } from '../src/core/common/chunk.ts';

describe('chunk', () => {
  it('splits into chunks of at most the size, in order, without an empty one', () => {
    const ids = Array.from({ length: 401 }, (_, i) => `id${i}`);
    const chunks = chunk(ids, 200);
    expect(chunks.map((c) => c.length)).toEqual([200, 200, 1]);
    expect(chunks.flat()).toEqual(ids);
    expect(chunk(ids.slice(0, 200), 200)).toHaveLength(1);
  });

  it('yields no chunk for no items', () => {
    expect(chunk([], 200)).toEqual([]);
  });

  it('refuses a size below 1', () => {
    expect(() => chunk(['a'], 0)).toThrow(RangeError);
  });
});
