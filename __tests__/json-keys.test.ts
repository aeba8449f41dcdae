import { describe, expect, it } from 'vitest';
import { duplicateKey } from '../src/core/common/json-keys.ts';

describe('duplicateKey', () => {
  it.each([
    ['{"a":1,"a":2}', 'a'],
    ['{"a":{"b":1,"b":2}}', 'b'],
    ['{"x":[{"a":1},{"a":2}],"y":{"c":1,"c":1}}', 'c'],
    ['{"\\u0061":1,"a":2}', 'a'],
    ['{"a" \n :1, "a"\t:2}', 'a'],
    ['{"__proto__":1,"__proto__":2}', '__proto__'],
  ])('finds the repeated key in %s', (text, key) => {
    expect(duplicateKey(text)).toBe(key);
  });

  it.each([
    '{"a":1,"b":{"a":2}}',
    '{"a":"a","b":["a","a"]}',
    '{"a":"x\\":1,\\"a","b":2}',
    '[{"a":1},{"a":2}]',
    '{"a":{"b":1},"c":{"b":2}}',
    '"a"',
  ])('finds none in %s', (text) => {
    expect(duplicateKey(text)).toBeUndefined();
  });
});
