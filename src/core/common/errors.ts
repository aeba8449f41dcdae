import { byteSize } from './byte-size.ts';
/**
 * The errors a user can meet. Each message is one line that says what went wrong and what to do;
 * none holds a header or the token. Requests are named by method and path, without the query.
 */

/** An input is malformed; thrown before any request is sent. */
export class InputError extends Error {
  override name = 'InputError';
}

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

/** The run was cancelled (SIGINT/SIGTERM, a cancelled workflow). */
export class CancelledError extends Error {
  override name = 'CancelledError';
}

export function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' ? `${code} (${cause.message})` : cause.message;
  }
  return String(cause);
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

/** More items matched than `max-deletions` allows: nothing is deleted. */
export class SelectionCapError extends Error {
  override name = 'SelectionCapError';

  /** `raise` says how to set max-deletions to a value, in the front door's words. */
  constructor(
    selected: number,
    maxDeletions: number,
    raise: (value: string) => string = (v) => `max-deletions: '${v}'`,
  ) {
    super(
      `${selected} uploads and tracks matched, more than max-deletions (${maxDeletions}): nothing was deleted; if that many is intended, set ${raise(String(selected))} (or more), otherwise narrow the selection`,
    );
  }
}

/** `delete-endpoint: batch-destroy` was asked for, and the API says that route does not exist. */
export class RouteGoneError extends Error {
  override name = 'RouteGoneError';

  constructor(answer: string) {
    super(
      `DELETE /uploads/batch-destroy answered ${answer}: this API no longer has that route, and delete-endpoint is batch-destroy: set delete-endpoint: auto (or bulk-destroy) to delete with POST /uploads/bulk/destroy`,
    );
  }
}

/** A chunk refused again after the uploads that explained its first refusal were taken out. */
export class ChunkRefusedError extends Error {
  override name = 'ChunkRefusedError';

  constructor(refusal: CmaApiError, ids: readonly string[], takenOut: string) {
    const shown = `${ids.slice(0, 5).join(', ')}${ids.length > 5 ? `, ... (${ids.length} in all)` : ''}`;
    super(
      `${refusal.request} refused a chunk again (${refusal.answer}) after ${takenOut} were taken out of it: ${shown} were not deleted; check those uploads in DatoCMS, or leave them out and re-run`,
    );
  }
}

/** The criteria matched the whole media library: most likely the API ignored one of them. */
export class WholeLibraryError extends Error {
  override name = 'WholeLibraryError';

  constructor(total: number, unproven: readonly string[] = []) {
    const which = unproven.length === 0 ? '' : ` (no listing can prove ${unproven.join('; ')})`;
    super(
      `the criteria matched all ${total} uploads of the media library, so the API may have ignored one of them${which}: nothing was deleted; check the criteria, or list the uploads in upload-ids to delete them all on purpose`,
    );
  }
}

/**
 * The API listed uploads both as used and as unused by records: it does not apply `in_use`
 * (which no listed attribute shows), so `only-unused` would select uploads records use.
 */
export class InUseIgnoredError extends Error {
  override name = 'InUseIgnoredError';

  constructor(both: number, value: boolean) {
    super(
      `the API listed ${both} upload(s) both as used and as unused by records (in_use eq ${String(value)}, and asked again with eq ${String(!value)}): it does not apply in_use here, or records changed meanwhile; nothing was deleted; run again, and if it happens again select by IDs without only-unused`,
    );
  }
}

/** The uploads to back up add up to more than `backup-max-bytes`: nothing was downloaded or deleted. */
export class BackupTooLargeError extends Error {
  override name = 'BackupTooLargeError';

  constructor(bytes: number, maxBytes: number, uploads: number) {
    super(
      `the ${uploads} selected upload(s) add up to ${bytes} bytes (${byteSize(bytes)}), more than backup-max-bytes (${byteSize(maxBytes)}): nothing was downloaded or deleted; raise backup-max-bytes to at least ${bytes < 2 ** 20 ? `${Math.ceil(bytes / 1024)}KB` : `${Math.ceil(bytes / 2 ** 20)}MB`}, or select fewer uploads`,
    );
  }
}
