import { request, type Dispatcher } from 'undici';
import type { Clock } from './clock.ts';
import { CmaApiError, NetworkError, describeCause } from './errors.ts';
import { isRecord } from './guards.ts';
import { parseRateLimitHeaders, type RateLimiter } from './rate-limit.ts';
import { retryDelay, type Failure, type RetryPolicy } from './retry-policy.ts';

/** One call to the CMA, described without the token or any header. */
export interface CmaRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Path below the base URL, e.g. `/uploads/batch-destroy`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

export interface CmaResponse {
  readonly status: number;
  /** The parsed JSON body; undefined when the body is empty or not JSON. */
  readonly body: unknown;
  /** True when the request was sent more than once (an earlier attempt may have had an effect). */
  readonly retried: boolean;
}

/** Where and as whom to send; built from the settings. */
export interface CmaTarget {
  readonly baseUrl: string;
  readonly apiToken: string;
  readonly environment: string | undefined;
  readonly userAgent: string;
}

export interface CmaHttpDeps {
  readonly dispatcher: Dispatcher;
  readonly limiter: RateLimiter;
  readonly retryPolicy: RetryPolicy;
  readonly clock: Clock;
  /** Aborts every request and wait of the run. */
  readonly signal: AbortSignal;
  readonly debug: (message: string) => void;
  readonly random?: () => number;
}

/** Sends a request and answers 2xx and 404 (whose meaning depends on the endpoint); throws otherwise. */
export type CmaHttp = (req: CmaRequest) => Promise<CmaResponse>;

export function createCmaHttp(target: CmaTarget, deps: CmaHttpDeps): CmaHttp {
  const headers: Record<string, string> = {
    authorization: `Bearer ${target.apiToken}`,
    accept: 'application/json',
    'x-api-version': '3',
    'user-agent': target.userAgent,
    ...(target.environment === undefined ? {} : { 'x-environment': target.environment }),
  };

  // The run's first request goes alone: if the token is bad (401/403) or the target wrong, the
  // run stops after one request instead of one per request already in flight.
  let firstAnswer: Promise<unknown> | undefined;
  const sendFirstAlone: CmaHttp = async (req) => {
    if (firstAnswer === undefined) {
      const sending = send(req);
      firstAnswer = sending.catch(() => undefined);
      return sending;
    }
    await firstAnswer;
    return send(req);
  };
  return sendFirstAlone;

  async function send(req: CmaRequest): Promise<CmaResponse> {
    const name = `${req.method} ${req.path}`;
    const url = buildUrl(target.baseUrl, req);
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    const sendHeaders = body === undefined ? headers : { ...headers, 'content-type': 'application/json' };
    for (let attempt = 1; ; attempt++) {
      const sentAt = await deps.limiter.acquire(deps.signal);
      const outcome = await attemptOnce(url, req.method, sendHeaders, body, deps);
      if ('answer' in outcome) {
        const { status, rate } = outcome.answer;
        deps.limiter.observe(rate, sentAt, status);
        if ((status >= 200 && status < 300) || status === 404) {
          return { status, body: outcome.answer.body, retried: attempt > 1 };
        }
      }
      const { failure, error } = judge(name, outcome, attempt);
      const wait = retryDelay(deps.retryPolicy, attempt, failure, deps.random);
      if (wait === undefined) throw error;
      deps.debug(
        `${error.message.split(': ')[0]}; retry ${attempt} of ${deps.retryPolicy.maxAttempts - 1} in ${wait} ms`,
      );
      await deps.clock.sleep(wait, deps.signal);
    }
  }

  function judge(name: string, outcome: Outcome, attempt: number): { failure: Failure; error: Error } {
    if ('cause' in outcome) {
      return {
        failure: { errorCode: errorCode(outcome.cause) },
        error: new NetworkError(withAttempts(name, attempt), outcome.cause),
      };
    }
    const { status, body, rate } = outcome.answer;
    const apiError = firstApiError(body);
    const transient = apiError?.transient === true;
    const request = withAttempts(name, attempt);
    return {
      failure: { status, transient, resetSeconds: rate.resetSeconds },
      error: new CmaApiError(request, status, apiError?.code, transient, attempt > 1, apiError?.details),
    };
  }
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly rate: ReturnType<typeof parseRateLimitHeaders>;
}
type Outcome = { readonly answer: Answer } | { readonly cause: unknown };

async function attemptOnce(
  url: string,
  method: CmaRequest['method'],
  headers: Record<string, string>,
  body: string | undefined,
  deps: CmaHttpDeps,
): Promise<Outcome> {
  try {
    const res = await request(url, { method, headers, body, dispatcher: deps.dispatcher, signal: deps.signal });
    const text = await res.body.text();
    return { answer: { status: res.statusCode, body: parseJson(text), rate: parseRateLimitHeaders(res.headers) } };
  } catch (cause) {
    if (deps.signal.aborted) throw deps.signal.reason;
    deps.debug(`${method} ${new URL(url).pathname}: ${describeCause(cause)}`);
    return { cause };
  }
}

function buildUrl(baseUrl: string, req: CmaRequest): string {
  const search = new URLSearchParams(req.query ?? {}).toString();
  return `${baseUrl}${req.path}${search === '' ? '' : `?${search}`}`;
}

function withAttempts(name: string, attempt: number): string {
  return attempt > 1 ? `${name} (after ${attempt} attempts)` : name;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorCode(cause: unknown): string | undefined {
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The first `api_error` of an error body: https://www.datocms.com/docs/content-management-api/errors */
export function firstApiError(
  body: unknown,
): { code: string | undefined; transient: boolean; details: unknown } | undefined {
  const first = (body as { data?: unknown } | undefined)?.data;
  const entry = Array.isArray(first)
    ? (first[0] as { attributes?: { code?: unknown; transient?: unknown; details?: unknown } } | null)
    : undefined;
  if (!isRecord(entry) || !isRecord(entry.attributes)) return undefined;
  const { code, transient, details } = entry.attributes;
  return { code: typeof code === 'string' ? code : undefined, transient: transient === true, details };
}
