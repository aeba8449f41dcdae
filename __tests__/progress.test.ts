import { describe, expect, it } from 'vitest';
import { ProgressCounter, shouldLog } from '../src/core/common/progress.ts';

describe('progress logging', () => {
  it('logs every event of a small run', () => {
    expect([1, 2, 3, 10].map((n) => shouldLog(n, 10))).toEqual([true, true, true, true]);
  });

  it('logs about ten lines for a large run, the first and the last included', () => {
    const lines: string[] = [];
    const counter = new ProgressCounter(500, (line) => lines.push(line));
    for (let i = 0; i < 500; i++) counter.tick((n) => n);
    expect(lines.length).toBeLessThanOrEqual(11);
    expect(lines[0]).toBe('1/500');
    expect(lines.at(-1)).toBe('500/500');
  });
});
