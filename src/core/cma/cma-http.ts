import type { Dispatcher } from 'undici';
import type { Clock } from '../common/clock.ts';
import { CmaApiError, NetworkError, RateLimitWaitError, UnexpectedAnswerError } from './errors.ts';
import { isRecord } from '../common/guards.ts';
import { MAX_BODY_BYTES, MAX_BUFFERED_BYTES, tooLargeError, type BodyBudget } from './bounded-body.ts';
import { attemptOnce, type Answer, type Outcome } from './http-attempt.ts';
import { buildUrl, targetHeaders, type CmaTarget, type TargetHeaders } from './http-request.ts';
import type { RateLimiter } from './rate-limit.ts';
import { retryDelay, type Failure, type RetryPolicy } from './retry-policy.ts';

/** Query parameters of a request. */
export type QueryParams = Readonly<Record<string, string | readonly string[]>>;

/** One call to the CMA, described without the token or any header. */
export interface CmaRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Path below the base URL, e.g. `/uploads/batch-destroy`. */
  readonly path: string;
  /** Query parameters; a list is sent as the key repeated, once per value (`key[]=a&key[]=b`). */
  readonly query?: QueryParams;
  readonly body?: unknown;
  /** Largest answer body read; a longer one fails the request unread. Default {@link MAX_BODY_BYTES}. */
  readonly maxBodyBytes?: number;
  /** Sent without `X-Environment`: a project-wide read, e.g. of the environments themselves. */
  readonly projectWide?: boolean;
  /** For a deletion: what it deletes, e.g. `2 upload(s) (a1, a2)`; kept in `unanswered` until answered. */
  readonly deletes?: string;
  /** For a deletion: the items it deletes (upload IDs, or `UPLOAD_ID/TRACK_ID`), for the report. */
  readonly deletesIds?: readonly string[];
  /**
   * A creation: sent again only after a 429 (the API did not take it). Any other failure may
   * have created something, and a second attempt would create it twice.
   */
  readonly once?: boolean;
}

/**
 * Deletion requests that went out and got no answer (yet): if the run stops there, the API may
 * still act on them, and the user must be told which.
 */
export class UnansweredRequests {
  private readonly open = new Map<number, { what: string; ids: readonly string[] }>();
  private next = 0;

  /** Records a request sent (deleting `ids`); returns what to call once it is answered. */
  sent(what: string, ids: readonly string[] = []): () => void {
    const key = this.next++;
    this.open.set(key, { what, ids });
    return () => this.open.delete(key);
  }

  list(): string[] {
    return [...this.open.values()].map((request) => request.what);
  }

  /** The items of the requests still unanswered. */
  ids(): string[] {
    return [...this.open.values()].flatMap((request) => request.ids);
  }
}

export interface CmaResponse {
  readonly status: number;
  /** The parsed JSON body; undefined when the body is empty or not JSON. */
  readonly body: unknown;
  /** True when there was a body and it was not JSON (a proxy's page, say). */
  readonly notJson: boolean;
  /** True when the request was sent more than once (an earlier attempt may have had an effect). */
  readonly retried: boolean;
}

export interface CmaHttpDeps {
  readonly dispatcher: Dispatcher;
  readonly limiter: RateLimiter;
  readonly retryPolicy: RetryPolicy;
  readonly clock: Clock;
  /** Aborts every request and wait of the run. */
  readonly signal: AbortSignal;
  readonly debug: (message: string) => void;
  /** Where deletion requests are kept while they wait for their answer. */
  readonly unanswered?: UnansweredRequests;
  readonly random?: () => number;
  /**
   * Clock time at which the run's job-timeout runs out. A 429 asking to wait past it fails the
   * request at once instead of idling until the deadline. Default: no deadline.
   */
  readonly deadline?: number;
}

/** Sends a request and answers 2xx and 404 (whose meaning depends on the endpoint); throws otherwise. */
export type CmaHttp = (req: CmaRequest) => Promise<CmaResponse>;

export function createCmaHttp(target: CmaTarget, deps: CmaHttpDeps): CmaHttp {
  const seam: Seam = {
    baseUrl: target.baseUrl,
    headers: targetHeaders(target),
    deps,
    buffered: { used: 0, max: MAX_BUFFERED_BYTES },
  };
  // The run's first request goes alone: if the token is bad (401/403) or the target wrong, the
  // run stops after one request instead of one per request already in flight.
  let firstAnswer: Promise<unknown> | undefined;
  const sendFirstAlone: CmaHttp = async (req) => {
    if (firstAnswer === undefined) {
      const sending = send(seam, req);
      firstAnswer = sending.catch(() => undefined);
      return sending;
    }
    await firstAnswer;
    return send(seam, req);
  };
  return sendFirstAlone;
}

/** What every request of one `createCmaHttp` shares. */
interface Seam {
  readonly baseUrl: string;
  readonly headers: TargetHeaders;
  readonly deps: CmaHttpDeps;
  /** Bytes of answer bodies being read, across every request in flight. */
  readonly buffered: BodyBudget;
}

/** Sends `req` until an answer is usable, a failure is not retried, or the retries run out. */
async function send(seam: Seam, req: CmaRequest): Promise<CmaResponse> {
  const { deps, buffered } = seam;
  const name = `${req.method} ${req.path}`;
  const url = buildUrl(seam.baseUrl, req.path, req.query);
  const body = req.body === undefined ? undefined : JSON.stringify(req.body);
  const scoped = req.projectWide === true ? seam.headers.projectWide : seam.headers.scoped;
  const sendHeaders = body === undefined ? scoped : { ...scoped, 'content-type': 'application/json' };
  const maxBytes = req.maxBodyBytes ?? MAX_BODY_BYTES;
  let answered: (() => void) | undefined;
  for (let attempt = 1; ; attempt++) {
    const sentAt = await deps.limiter.acquire(deps.signal);
    if (req.deletes !== undefined) answered ??= deps.unanswered?.sent(`${name} for ${req.deletes}`, req.deletesIds);
    const outcome = await attemptOnce(url, req.method, sendHeaders, body, { maxBytes, buffered }, deps);
    // A body too large to read leaves a deletion's fate unknown: it stays among the unanswered.
    if ('answer' in outcome) answered?.();
    if ('tooLarge' in outcome) throw tooLargeError(name, maxBytes, buffered);
    if ('answer' in outcome) {
      const { status, rate } = outcome.answer;
      deps.limiter.observe(rate, sentAt, status);
      if (isUsable(req.method, outcome.answer)) {
        return { status, body: outcome.answer.body, notJson: outcome.answer.notJson, retried: attempt > 1 };
      }
      refuseLongRateLimitWait(name, outcome.answer, deps);
    }
    const { failure, error } = judge(name, outcome, attempt);
    if (req.once === true && !('status' in failure && failure.status === 429)) throw error;
    const wait = retryDelay(deps.retryPolicy, attempt, failure, deps.random);
    if (wait === undefined) throw error;
    deps.debug(
      `${error.message.split(': ')[0]}; retry ${attempt} of ${deps.retryPolicy.maxAttempts - 1} in ${wait} ms`,
    );
    await deps.clock.sleep(wait, deps.signal);
  }
}

/** A 429 whose wait does not fit in what is left of job-timeout ends the run now, saying why. */
function refuseLongRateLimitWait(name: string, { status, rate }: Answer, deps: CmaHttpDeps): void {
  if (status !== 429 || rate.resetSeconds === undefined || deps.deadline === undefined) return;
  const left = deps.deadline - deps.clock.now();
  if (rate.resetSeconds * 1000 > left) throw new RateLimitWaitError(name, rate.resetSeconds, left);
}

/**
 * An answer handed to the caller: a 404 (whose meaning depends on the endpoint) or a 2xx, except
 * a 2xx to a GET whose body is not JSON: every CMA read answers JSON, and a read can be repeated.
 */
function isUsable(method: CmaRequest['method'], { status, body }: Answer): boolean {
  if (status === 404) return true;
  if (status < 200 || status >= 300) return false;
  return method !== 'GET' || body !== undefined;
}

/** What a failed attempt was, for the retry policy, and the error it ends the request with if not retried. */
function judge(
  name: string,
  outcome: Exclude<Outcome, { tooLarge: true }>,
  attempt: number,
): { failure: Failure; error: Error } {
  if ('cause' in outcome) {
    return {
      failure: { errorCode: errorCode(outcome.cause) },
      error: new NetworkError(withAttempts(name, attempt), outcome.cause),
    };
  }
  const { status, body, rate } = outcome.answer;
  const request = withAttempts(name, attempt);
  if (status >= 200 && status < 300) {
    // A GET is safe to repeat: a 2xx without JSON (a proxy's page) is retried like a 503.
    return {
      failure: { status, transient: true },
      error: new UnexpectedAnswerError(request, `${status} with a body that is not JSON`),
    };
  }
  const apiError = firstApiError(body);
  const transient = apiError?.transient === true;
  return {
    failure: { status, transient, resetSeconds: rate.resetSeconds },
    error: new CmaApiError(request, status, apiError?.code, transient, { retried: attempt > 1, ...apiError }),
  };
}

function withAttempts(name: string, attempt: number): string {
  return attempt > 1 ? `${name} (after ${attempt} attempts)` : name;
}

function errorCode(cause: unknown): string | undefined {
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The first `api_error` of an error body, and the codes of all of them:
 * https://www.datocms.com/docs/content-management-api/errors
 */
export function firstApiError(
  body: unknown,
): { code: string | undefined; transient: boolean; details: unknown; codes: string[] } | undefined {
  const data = isRecord(body) && Array.isArray(body.data) ? (body.data as unknown[]) : [];
  const errors = data.flatMap((entry) => (isRecord(entry) && isRecord(entry.attributes) ? [entry.attributes] : []));
  const first = errors[0];
  if (first === undefined) return undefined;
  // Codes are printed in messages: anything but a code's shape could forge a log line.
  const codes = errors.map((error) => (isCode(error.code) ? error.code : 'UNREADABLE_CODE'));
  const code = isCode(first.code) ? first.code : undefined;
  return { code, transient: first.transient === true, details: first.details, codes };
}

function isCode(code: unknown): code is string {
  return typeof code === 'string' && ERROR_CODE.test(code);
}

/** `INVALID_AUTHORIZATION_HEADER`, `NOT_FOUND`...: https://www.datocms.com/docs/content-management-api/errors */
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;
