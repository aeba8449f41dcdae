/** When a failed request is sent again: data, read by `retryDelay`. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  /** Delay before the first retry; doubled each time, with full jitter. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Statuses retried whatever the body says (proxies answer these with HTML). */
  readonly statuses: readonly number[];
  /** Socket and timeout error codes (Node's and undici's) retried. */
  readonly errorCodes: readonly string[];
}

export const RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  statuses: [429, 502, 503, 504],
  errorCodes: [
    'ECONNRESET',
    'EPIPE',
    'ETIMEDOUT',
    'UND_ERR_SOCKET',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
  ],
};

/** How one attempt failed. */
export type Failure =
  | { readonly status: number; readonly transient: boolean; readonly resetSeconds?: number | undefined }
  | { readonly errorCode: string | undefined };

/**
 * The delay before attempt `attempt + 1`, or undefined when the failure is not retried (an
 * unknown error, a 4xx the API does not call transient, or no attempts left).
 * `random` returns a number in [0, 1).
 */
export function retryDelay(
  policy: RetryPolicy,
  attempt: number,
  failure: Failure,
  random: () => number = Math.random,
): number | undefined {
  if (attempt >= policy.maxAttempts || !isRetryable(policy, failure)) return undefined;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const backoff = Math.round(ceiling / 2 + (random() * ceiling) / 2);
  const reset = 'status' in failure && failure.resetSeconds !== undefined ? failure.resetSeconds * 1000 : 0;
  return Math.max(backoff, reset);
}

function isRetryable(policy: RetryPolicy, failure: Failure): boolean {
  if ('status' in failure) {
    if (failure.status === 401 || failure.status === 403) return false;
    return policy.statuses.includes(failure.status) || failure.transient;
  }
  return failure.errorCode !== undefined && policy.errorCodes.includes(failure.errorCode);
}
