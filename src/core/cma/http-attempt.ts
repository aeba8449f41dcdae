/**
 * One attempt at a request: sent once, its body read within bounds, or the network failure that
 * stopped it.
 */
import { request, type Dispatcher } from 'undici';
import { describeCause } from '../common/errors.ts';
import { parseJson, readCapped, type BodyBudget } from './bounded-body.ts';
import { parseRateLimitHeaders } from './rate-limit.ts';

/** An answer read in full. */
export interface Answer {
  readonly status: number;
  /** The parsed JSON body; undefined when the body is empty or not JSON. */
  readonly body: unknown;
  /** True when there was a body and it was not JSON. */
  readonly notJson: boolean;
  readonly rate: ReturnType<typeof parseRateLimitHeaders>;
}

/** An answer, the network failure instead of one, or a body too large to read. */
export type Outcome = { readonly answer: Answer } | { readonly cause: unknown } | { readonly tooLarge: true };

/** What an attempt goes through: the run's connection pool, its abort signal and the debug log. */
export interface Connection {
  readonly dispatcher: Dispatcher;
  readonly signal: AbortSignal;
  readonly debug: (message: string) => void;
}

export async function attemptOnce(
  url: string,
  method: Dispatcher.HttpMethod,
  headers: Readonly<Record<string, string>>,
  body: string | undefined,
  limits: { readonly maxBytes: number; readonly buffered: BodyBudget },
  connection: Connection,
): Promise<Outcome> {
  try {
    const { dispatcher, signal } = connection;
    const res = await request(url, { method, headers, body, dispatcher, signal });
    const text = await readCapped(res.body, limits.maxBytes, limits.buffered);
    if (text === undefined) return { tooLarge: true };
    const parsed = parseJson(text);
    const notJson = text !== '' && parsed === undefined;
    return { answer: { status: res.statusCode, body: parsed, notJson, rate: parseRateLimitHeaders(res.headers) } };
  } catch (cause) {
    if (connection.signal.aborted) throw connection.signal.reason;
    connection.debug(`${method} ${new URL(url).pathname}: ${describeCause(cause)}`);
    return { cause };
  }
}
