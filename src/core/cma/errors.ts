/**
 * The errors the API and the network can end a request with. Each message is one line that says
 * what went wrong and what to do; none holds a header or the token. Requests are named by method
 * and path, without the query.
 */
import { describeCause } from '../common/errors.ts';

/** The API answered with an error status. */
export class CmaApiError extends Error {
  override name = 'CmaApiError';
  readonly status: number;
  /** The api_error code, e.g. NOT_FOUND, when the body held one. */
  readonly code: string | undefined;
  /** The API's own word that the same request may succeed later. */
  readonly transient: boolean;
  readonly request: string;
  /** The request was sent more than once: an earlier attempt may have had an effect. */
  readonly retried: boolean;
  /** The first api_error's `details`, as the API sent them (never shown: they are the API's words). */
  readonly details: unknown;
  /** Every api_error code of the body, in order (`code` is the first). */
  readonly codes: readonly string[];

  constructor(
    request: string,
    status: number,
    code: string | undefined,
    transient: boolean,
    more: { readonly retried?: boolean; readonly details?: unknown; readonly codes?: readonly string[] } = {},
  ) {
    super(apiErrorMessage(request, status, code));
    this.status = status;
    this.code = code;
    this.transient = transient;
    this.request = request;
    this.retried = more.retried ?? false;
    this.details = more.details;
    this.codes = more.codes ?? (code === undefined ? [] : [code]);
  }

  /** `422 CODE`, as a log line shows the answer. */
  get answer(): string {
    return `${this.status}${this.code === undefined ? '' : ` ${this.code}`}`;
  }

  /** 401 and 403 end the run: no other request can succeed with this token. */
  get isAuth(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

function apiErrorMessage(request: string, status: number, code: string | undefined): string {
  const answer = `${request} answered ${status}${code === undefined ? '' : ` ${code}`}`;
  if (status === 401) {
    return `The API token is invalid (${answer}): check the api-token secret, or create a new CMA token in DatoCMS under Project settings > API tokens`;
  }
  if (status === 403) {
    return `The API token's role may not delete uploads here (${answer}): give the token's role permission to delete media in this environment, or use another token`;
  }
  if (status >= 300 && status < 400) {
    return `${answer}, a redirect, which is not followed so that the token is not sent elsewhere: check base-url`;
  }
  return `${answer}: ${hint(request, status)}`;
}

/** What to check for an error status, from what the request was. */
function hint(request: string, status: number): string {
  if (status === 429) {
    return "the API's rate limit kept refusing it (another client of the same API token may be spending its budget): try again later";
  }
  if (status >= 500) return 'the API is unavailable, try again later';
  if (status === 404) return 'check base-url and environment';
  if (request.startsWith('GET /uploads ') || request === 'GET /uploads')
    return 'check the criteria given (filter, query, older-than) and the upload IDs';
  return 'check upload-ids, upload-tracks and environment';
}

/** The request never got an answer (connection refused or reset, timeout). */
export class NetworkError extends Error {
  override name = 'NetworkError';
  readonly request: string;

  constructor(request: string, cause: unknown) {
    super(`${request} failed: ${describeCause(cause)}: check base-url and the runner's network, then re-run`, {
      cause,
    });
    this.request = request;
  }
}

/** Some jobs did not finish within job-timeout. */
export class JobTimeoutError extends Error {
  override name = 'JobTimeoutError';
  readonly pendingJobIds: readonly string[];
  readonly timeoutMs: number;

  /** `selecting`: the deadline came before the selection was made, so nothing was sent to delete. */
  constructor(timeoutMs: number, pendingJobIds: readonly string[], selecting = false) {
    const limit = `job-timeout (${timeoutMs / 1000} s)`;
    super(
      selecting
        ? `${limit} ran out while looking up the environment or selecting what to delete (listing uploads or tracks): nothing was deleted; raise job-timeout`
        : pendingJobIds.length > 0
          ? `${pendingJobIds.length} job(s) still running after ${limit}: ${pendingJobIds.join(', ')}; they may still complete: raise job-timeout, or check them with GET /job-results/ID`
          : `${limit} ran out before every deletion was submitted (no job is pending): raise job-timeout, or select fewer items per run`,
    );
    this.pendingJobIds = pendingJobIds;
    this.timeoutMs = timeoutMs;
  }
}

/** A 429 asked for a wait that the rest of job-timeout cannot hold: waiting would only run out the clock. */
export class RateLimitWaitError extends Error {
  override name = 'RateLimitWaitError';

  constructor(request: string, waitSeconds: number, leftMs: number) {
    const wait = waitSeconds < 1e9 ? `${waitSeconds} s` : 'more than 10^9 s';
    super(
      `${request} answered 429: the API's rate limit asked to wait ${wait} (X-RateLimit-Reset), more than the ${Math.max(0, Math.floor(leftMs / 1000))} s left of job-timeout; another client of the same API token may be spending its request budget: re-run later, or give this step a token of its own`,
    );
  }
}

/** The API answered in a shape the action does not know; nothing is assumed from it. */
export class UnexpectedAnswerError extends Error {
  override name = 'UnexpectedAnswerError';
  /** `GET /uploads answered …`: the request and what it answered, without the advice. */
  readonly answered: string;

  /**
   * `accepted`: the answer was to a request the API took (2xx), a deletion or a creation, which
   * may still take effect.
   */
  constructor(request: string, what: string, accepted: boolean | 'deletion' | 'creation' = false) {
    const taken = accepted === true ? 'deletion' : accepted;
    super(
      taken !== false
        ? `${request} answered ${what}, which this action does not understand: the API accepted the ${taken}, so it may still take effect; check those items in DatoCMS before re-running, and please report it`
        : `${request} answered ${what}, which this action does not understand: nothing was assumed from it; please report it`,
    );
    this.answered = `${request} answered ${what}`;
  }
}
