/**
 * The fetch the GitHub client sends through: each request with a time limit, the whole comment
 * step's signal, and an answer read whole up to a size limit before anyone parses it. A failure
 * is a GitHubLimitError, which the client finds on the error's `cause` (Octokit wraps it).
 */

export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

export interface FetchLimits {
  /** Each request, answer included. */
  readonly timeoutMs: number;
  /** The most an answer's body may hold. */
  readonly maxBytes: number;
}

/** A request was cut off: it took too long, its answer was too large, or the step ended. */
export class GitHubLimitError extends Error {
  override name = 'GitHubLimitError';
}

const NULL_BODY = new Set([101, 204, 205, 304]);

export function cappedFetch(base: Fetch, limits: FetchLimits, step: AbortSignal): Fetch {
  return async (url, init = {}) => {
    const timeout = AbortSignal.timeout(limits.timeoutMs);
    const signals = [timeout, step, ...(init.signal ? [init.signal] : [])];
    const signal = AbortSignal.any(signals);
    try {
      const response = await base(url, { ...init, signal });
      const body = await readCapped(response, limits.maxBytes);
      return new Response(NULL_BODY.has(response.status) ? null : body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } catch (error) {
      if (error instanceof GitHubLimitError) throw error;
      if (timeout.aborted) throw new GitHubLimitError(`no answer within ${limits.timeoutMs / 1000} s`);
      if (step.aborted) throw new GitHubLimitError(`the comment step ended (${reasonOf(step)})`);
      throw error;
    }
  };
}

/** The body's bytes, refused past `maxBytes` (the rest is not read). */
async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new GitHubLimitError(`an answer of ${declared} bytes, over the ${maxBytes}-byte limit`);
  }
  const pieces: Uint8Array[] = [];
  let size = 0;
  if (response.body === null) return new Uint8Array(0);
  for await (const piece of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += piece.length;
    if (size > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      throw new GitHubLimitError(`an answer over the ${maxBytes}-byte limit`);
    }
    pieces.push(piece);
  }
  const whole = new Uint8Array(size);
  let at = 0;
  for (const piece of pieces) {
    whole.set(piece, at);
    at += piece.length;
  }
  return whole;
}

function reasonOf(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason.message : String(reason);
}
