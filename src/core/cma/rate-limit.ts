import type { Clock } from '../common/clock.ts';

/** What one answer's `X-RateLimit-*` headers say; undefined where a header is absent or malformed. */
export interface RateLimitHeaders {
  readonly limit: number | undefined;
  readonly remaining: number | undefined;
  /** Whole seconds to wait before the next request (sent with a 429). */
  readonly resetSeconds: number | undefined;
}

type HeaderValue = string | string[] | undefined;

export function parseRateLimitHeaders(headers: Record<string, HeaderValue>): RateLimitHeaders {
  return {
    limit: headerNumber(headers['x-ratelimit-limit']),
    remaining: headerNumber(headers['x-ratelimit-remaining']),
    resetSeconds: headerNumber(headers['x-ratelimit-reset']),
  };
}

function headerNumber(value: HeaderValue): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(text)) return undefined;
  return Number(text);
}

export interface RateLimiterOptions {
  /** Requests per window before the first answer tells the real figure. Default 60, the documented default. */
  readonly limit?: number;
  /** https://www.datocms.com/docs/content-management-api/rate-limits: 60 requests every 3 seconds. */
  readonly windowMs?: number;
  /**
   * Added to the window so that a request does not reach the server a little early after the
   * one it replaces in the window (network jitter). Default 250 ms.
   */
  readonly marginMs?: number;
}

/**
 * One limiter for every request of a run. It keeps its own sends of the last window (a sliding
 * log, which also keeps within any fixed window the server may count in) and subtracts what the
 * server's `X-RateLimit-Remaining` shows others spent of the same budget. A 429 holds every
 * request until its `X-RateLimit-Reset` has passed. Slots are handed out first come, first served.
 */
export class RateLimiter {
  private limit: number;
  /** Requests others sent in the window the server last told of; they leave it by `until`. */
  private others = { used: 0, until: 0 };
  private blockedUntil = 0;
  private readonly sent: number[] = [];
  private queue: Promise<void> = Promise.resolve();
  private readonly windowMs: number;
  private readonly clock: Clock;

  constructor(clock: Clock, options: RateLimiterOptions = {}) {
    this.clock = clock;
    this.limit = options.limit ?? 60;
    this.windowMs = (options.windowMs ?? 3000) + (options.marginMs ?? 250);
  }

  /** Waits for a slot and takes it; returns the send time to pass to `observe`. */
  acquire(signal?: AbortSignal): Promise<number> {
    const turn = this.queue.then(() => this.waitForSlot(signal));
    this.queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  /** Learns from an answer to a request sent at `sentAt`. */
  observe(headers: RateLimitHeaders, sentAt: number, status: number): void {
    if (headers.limit !== undefined && headers.limit > 0) this.limit = headers.limit;
    if (status === 429) {
      this.pause((headers.resetSeconds ?? 1) * 1000);
    } else if (headers.remaining !== undefined) {
      const serverUsed = this.limit - headers.remaining;
      const used = Math.max(0, serverUsed - this.countSince(sentAt - this.windowMs, sentAt));
      this.others = { used, until: sentAt + this.windowMs };
    }
  }

  /** Holds every request for `ms` from now. */
  pause(ms: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, this.clock.now() + ms);
  }

  private async waitForSlot(signal?: AbortSignal): Promise<number> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.clock.now();
      const wait = this.waitMs(now);
      if (wait <= 0) {
        this.sent.push(now);
        return now;
      }
      await this.clock.sleep(wait, signal);
    }
  }

  private waitMs(now: number): number {
    if (now < this.blockedUntil) return this.blockedUntil - now;
    while (this.sent.length > 0 && (this.sent[0] ?? 0) <= now - this.windowMs) this.sent.shift();
    const othersUsed = now < this.others.until ? this.others.used : 0;
    const allowed = Math.max(1, this.limit - othersUsed);
    if (this.sent.length < allowed) return 0;
    const oldest = this.sent[this.sent.length - allowed] ?? now;
    return oldest + this.windowMs - now;
  }

  private countSince(from: number, to: number): number {
    return this.sent.filter((time) => time > from && time <= to).length;
  }
}
