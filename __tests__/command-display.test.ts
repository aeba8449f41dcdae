import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Display, progressLine } from '../src/cli/display.ts';
import { listenForInterrupts } from '../src/cli/interrupt.ts';
import { CleanupResult } from '../src/core/result/result.ts';

const ESC = '\u001b';

function output(tty = false) {
  const writes: string[] = [];
  return { writes, stream: { isTTY: tty, columns: 40, write: (text: string) => writes.push(text) } };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the display', () => {
  it('without a terminal, writes a plain progress line every 5 s, only when it changed', () => {
    const { writes, stream } = output();
    const display = new Display(stream, 'lines', (text) => text);
    let text = 'Deleting: 0 of 10 deleted';
    display.start(() => text);
    vi.advanceTimersByTime(4999);
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(1);
    vi.advanceTimersByTime(5000);
    text = 'Deleting: 5 of 10 deleted';
    vi.advanceTimersByTime(5000);
    display.info('Job 1 done');
    display.stop();
    vi.advanceTimersByTime(20_000);
    expect(writes).toEqual(['Deleting: 0 of 10 deleted\n', 'Deleting: 5 of 10 deleted\n', 'Job 1 done\n']);
    expect(writes.join('')).not.toContain(ESC);
  });

  it('on a terminal, redraws one line in place, clipped to the width, and keeps it below other lines', () => {
    const { writes, stream } = output(true);
    const display = new Display(stream, 'live', (text) => text);
    let done = 0;
    display.start(() => `Deleting: ${done} of 10 deleted, and a tail longer than the terminal is wide`);
    vi.advanceTimersByTime(200);
    done = 4;
    display.warning('a note');
    display.stop();
    const text = writes.join('');
    expect(text).toContain('Deleting: 0 of 10 deleted, and a tai...'); // 39 characters: one column is left free
    expect(text).toContain(`${ESC}[1G${ESC}[2Kwarning: a note\n`);
    expect(text).toContain('Deleting: 4 of 10 deleted');
    expect(text.endsWith(`${ESC}[1G${ESC}[2K`)).toBe(true); // cleared when it stops
  });

  it('with progress off, writes the run lines only', () => {
    const { writes, stream } = output(true);
    const display = new Display(stream, 'off', (text) => text);
    display.start(() => 'Deleting');
    vi.advanceTimersByTime(10_000);
    display.info('done');
    expect(writes).toEqual(['done\n']);
  });

  it('passes every line through the mask', () => {
    const { writes, stream } = output();
    new Display(stream, 'lines', (text) => text.replace('secret', '***')).info('a secret here');
    expect(writes).toEqual(['a *** here\n']);
  });
});

describe('the progress line', () => {
  it('shows items deleted of all, not deleted, jobs pending and time, once a job has started', () => {
    const result = new CleanupResult();
    expect(progressLine(result, 100)).toBeUndefined();
    result.select({ uploadIds: ['a', 'b', 'c'], uploads: [], unlisted: 0, tracks: [], described: [], notes: [] });
    expect(progressLine(result, 100)).toBeUndefined();
    result.startJob('j1', 'uploads', ['a', 'b', 'c'], 0);
    expect(progressLine(result, 1234)).toBe('Deleting: 0 of 3 deleted, 1 job(s) pending, 1.2 s');
  });
});

describe('Ctrl-C', () => {
  it('first aborts the run and leaves it the grace time; a second one exits at once', () => {
    const exits: number[] = [];
    const firsts: string[] = [];
    const interrupt = listenForInterrupts(
      (code) => exits.push(code),
      (signal) => firsts.push(signal),
      1800,
    );
    try {
      process.emit('SIGINT');
      expect(interrupt.signal.aborted).toBe(true);
      expect(String(interrupt.signal.reason)).toContain('Interrupted by SIGINT');
      expect(interrupt.exitCode()).toBe(130);
      expect(firsts).toEqual(['SIGINT']);
      expect(exits).toEqual([]);
      process.emit('SIGINT');
      expect(exits).toEqual([130]);
      vi.advanceTimersByTime(1800);
      expect(exits).toEqual([130, 130]);
    } finally {
      interrupt.dispose();
    }
  });

  it('exits with 143 on SIGTERM once the grace time is over', () => {
    const exits: number[] = [];
    const interrupt = listenForInterrupts(
      (code) => exits.push(code),
      () => {},
      1800,
    );
    try {
      process.emit('SIGTERM');
      vi.advanceTimersByTime(1799);
      expect(exits).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(exits).toEqual([143]);
    } finally {
      interrupt.dispose();
    }
  });
});
