import { describe, expect, it } from 'vitest';
import { FakeClock } from '../__fixtures__/fake-clock.ts';
import { RateLimiter, parseRateLimitHeaders } from '../src/core/cma/rate-limit.ts';

describe('parseRateLimitHeaders', () => {
  it('reads the three headers and ignores malformed ones', () => {
    expect(
      parseRateLimitHeaders({ 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '2' }),
    ).toEqual({ limit: 60, remaining: 0, resetSeconds: 2 });
    expect(parseRateLimitHeaders({ 'x-ratelimit-limit': 'lots', 'x-ratelimit-remaining': ['7'] })).toEqual({
      limit: undefined,
      remaining: 7,
      resetSeconds: undefined,
    });
  });
});

/** Takes `count` slots and returns the times they were granted. */
async function grants(clock: FakeClock, limiter: RateLimiter, count: number): Promise<number[]> {
  return clock.until(Promise.all(Array.from({ length: count }, () => limiter.acquire())), 60_000, 10);
}

describe('RateLimiter', () => {
  it('sends a burst of `limit`, then one more each time one leaves the window', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock, { limit: 3, windowMs: 1000, marginMs: 0 });
    expect(await grants(clock, limiter, 5)).toEqual([0, 0, 0, 1000, 1000]);
  });

  it('never has more than `limit` sends in any window', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock, { limit: 60, windowMs: 3000 });
    const times = await grants(clock, limiter, 200);
    for (const t of times) expect(times.filter((u) => u >= t && u < t + 3000).length).toBeLessThanOrEqual(60);
  });

  it('learns the limit from X-RateLimit-Limit', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock, { limit: 2, windowMs: 1000, marginMs: 0 });
    limiter.observe({ limit: 4, remaining: 3, resetSeconds: undefined }, await limiter.acquire(), 200);
    expect(await grants(clock, limiter, 4)).toEqual([0, 0, 0, 1000]);
  });

  it('leaves room for what others spent of the same budget (X-RateLimit-Remaining)', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock, { limit: 10, windowMs: 1000, marginMs: 0 });
    const sentAt = await limiter.acquire();
    limiter.observe({ limit: 10, remaining: 2, resetSeconds: undefined }, sentAt, 200); // 7 sent by someone else
    expect(await grants(clock, limiter, 3)).toEqual([0, 0, 1000]);
  });

  it('holds every request for X-RateLimit-Reset seconds after a 429', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock, { limit: 100, windowMs: 1000 });
    limiter.observe({ limit: 100, remaining: 0, resetSeconds: 3 }, await limiter.acquire(), 429);
    expect(await grants(clock, limiter, 2)).toEqual([3000, 3000]);
  });

  it('rejects a waiting request when the run is aborted', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock, { limit: 1, windowMs: 1000 });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(await clock.until(limiter.acquire())).toBeGreaterThanOrEqual(1000);
  });
});
