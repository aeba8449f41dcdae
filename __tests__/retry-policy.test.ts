import { describe, expect, it } from 'vitest';
import { RETRY_POLICY, retryDelay } from '../src/core/cma/retry-policy.ts';

const half = () => 0.5;

describe('retryDelay', () => {
  it('retries 429 and 5xx gateway errors with growing, jittered, capped delays', () => {
    const delays = [1, 2, 3, 4, 5].map((attempt) =>
      retryDelay(RETRY_POLICY, attempt, { status: 502, transient: false }, half),
    );
    expect(delays).toEqual([375, 750, 1500, 3000, 6000]);
    expect(retryDelay(RETRY_POLICY, 1, { status: 503, transient: false }, () => 0)).toBe(250);
    expect(retryDelay(RETRY_POLICY, 1, { status: 504, transient: false }, () => 0.999)).toBeLessThanOrEqual(500);
  });

  it('gives up after maxAttempts', () => {
    expect(retryDelay(RETRY_POLICY, RETRY_POLICY.maxAttempts, { status: 503, transient: false })).toBeUndefined();
  });

  it('waits at least X-RateLimit-Reset after a 429', () => {
    expect(retryDelay(RETRY_POLICY, 1, { status: 429, transient: true, resetSeconds: 4 }, half)).toBe(4000);
  });

  it('retries another status only when the API calls it transient', () => {
    expect(retryDelay(RETRY_POLICY, 1, { status: 422, transient: false })).toBeUndefined();
    expect(retryDelay(RETRY_POLICY, 1, { status: 500, transient: false })).toBeUndefined();
    expect(retryDelay(RETRY_POLICY, 1, { status: 500, transient: true }, half)).toBe(375);
  });

  it('never retries 401 or 403, even if marked transient', () => {
    expect(retryDelay(RETRY_POLICY, 1, { status: 401, transient: true })).toBeUndefined();
    expect(retryDelay(RETRY_POLICY, 1, { status: 403, transient: true })).toBeUndefined();
  });

  it('retries listed socket errors and timeouts, nothing unknown', () => {
    expect(retryDelay(RETRY_POLICY, 1, { errorCode: 'ECONNRESET' }, half)).toBe(375);
    expect(retryDelay(RETRY_POLICY, 1, { errorCode: 'UND_ERR_HEADERS_TIMEOUT' }, half)).toBe(375);
    expect(retryDelay(RETRY_POLICY, 1, { errorCode: 'ECONNREFUSED' })).toBeUndefined();
    expect(retryDelay(RETRY_POLICY, 1, { errorCode: undefined })).toBeUndefined();
  });
});
