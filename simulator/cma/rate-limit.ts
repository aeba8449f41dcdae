import type { RateLimitOptions } from './options.ts';

export interface RateDecision {
  allowed: boolean;
  limit: number;
  /** Requests left in the window after this one. */
  remaining: number;
  /** Whole seconds until a request would be allowed (at least 1); only when refused. */
  resetSeconds: number;
}

/**
 * The CMA request budget: `limit` requests per `windowMs` (60 per 3 s by default,
 * https://www.datocms.com/docs/content-management-api/technical-limits). Refused requests do not
 * consume it. Time is passed in, so the limiter is tested without waiting.
 */
export class RateLimiter {
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly sliding: boolean;
  /** Fixed mode: start of the current window. */
  private windowStart = -Infinity;
  /** Times of the accepted requests still in the window (fixed mode: since windowStart). */
  private accepted: number[] = [];

  constructor(options: RateLimitOptions) {
    this.limit = options.limit;
    this.windowMs = options.windowMs;
    this.sliding = options.mode === 'sliding';
  }

  take(now: number): RateDecision {
    this.expire(now);
    if (this.accepted.length >= this.limit) {
      const opensAt = (this.sliding ? (this.accepted[0] ?? now) : this.windowStart) + this.windowMs;
      const resetSeconds = Math.max(1, Math.ceil((opensAt - now) / 1000));
      return { allowed: false, limit: this.limit, remaining: 0, resetSeconds };
    }
    if (this.accepted.length === 0 && !this.sliding) this.windowStart = now;
    this.accepted.push(now);
    return {
      allowed: true,
      limit: this.limit,
      remaining: this.limit - this.accepted.length,
      resetSeconds: 0,
    };
  }

  private expire(now: number): void {
    if (!this.sliding) {
      if (now >= this.windowStart + this.windowMs) this.accepted = [];
      return;
    }
    let keep = 0;
    while (keep < this.accepted.length && (this.accepted[keep] ?? now) <= now - this.windowMs) keep++;
    if (keep > 0) this.accepted = this.accepted.slice(keep);
  }
}
