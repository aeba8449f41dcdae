import { setMaxListeners } from 'node:events';
import { Agent } from 'undici';
import type { Clock } from '../common/clock.ts';
import { type CmaClient } from './cma-client.ts';
import { createCmaClient } from './create-client.ts';
import { createCmaHttp, type UnansweredRequests } from './cma-http.ts';
import { JobTimeoutError } from './errors.ts';
import { RateLimiter } from './rate-limit.ts';
import { RETRY_POLICY } from './retry-policy.ts';
import type { Settings } from '../settings/settings.ts';

/** Per-request limits: a request that hangs is retried instead of holding the run until job-timeout. */
export const HTTP_TIMEOUTS = { connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000 };

/** A connection pool with the run's per-request limits; the caller destroys it. */
export function runAgent(): Agent {
  return new Agent({
    connect: { timeout: HTTP_TIMEOUTS.connectMs },
    headersTimeout: HTTP_TIMEOUTS.headersMs,
    bodyTimeout: HTTP_TIMEOUTS.bodyMs,
  });
}

/** What the scope needs of the front door. */
export interface ScopeSeams {
  readonly log: { readonly debug: (message: string) => void };
  readonly clock: Clock;
  readonly cancelled: AbortSignal;
  readonly tool: { readonly name: string; readonly version: string };
}

export interface RunScope {
  readonly client: CmaClient;
  /** Aborted by the job-timeout deadline, a cancellation signal, or a fatal error. */
  readonly controller: AbortController;
}

/**
 * Runs `work` with a CMA client whose every request and wait ends at the job-timeout deadline or
 * on cancellation, then lets go of the timer, the listener and the sockets.
 */
export async function withRunScope(
  settings: Pick<Settings, 'baseUrl' | 'apiToken' | 'environment' | 'jobTimeoutMs'>,
  { log, clock, cancelled, tool }: ScopeSeams,
  unanswered: UnansweredRequests,
  work: (scope: RunScope) => Promise<void>,
): Promise<void> {
  const controller = new AbortController();
  // Every request and wait in flight listens to it: more than Node's default of 10 is the design.
  setMaxListeners(Infinity, controller.signal);
  const deadline = setTimeout(
    () => controller.abort(new JobTimeoutError(settings.jobTimeoutMs, [])),
    settings.jobTimeoutMs,
  );
  const onCancel = (): void => controller.abort(cancelled.reason);
  cancelled.addEventListener('abort', onCancel, { once: true });
  if (cancelled.aborted) onCancel(); // aborted before the listener: it would never fire
  const agent = runAgent();
  try {
    const http = createCmaHttp(
      { ...settings, userAgent: `${tool.name}/${tool.version}` },
      {
        dispatcher: agent,
        limiter: new RateLimiter(clock),
        retryPolicy: RETRY_POLICY,
        clock,
        signal: controller.signal,
        debug: (message) => log.debug(message),
        unanswered,
        deadline: clock.now() + settings.jobTimeoutMs,
      },
    );
    await work({ client: createCmaClient(http), controller });
  } finally {
    clearTimeout(deadline);
    cancelled.removeEventListener('abort', onCancel);
    await agent.destroy();
  }
}
