/**
 * The errors any capability may end with: a bad input, a cancellation, and the words for a cause.
 * Each capability's own errors are in its folder's errors.ts. Every message is one line that says
 * what went wrong and what to do; none holds a header or the token.
 */

/** An input is malformed; thrown before any request is sent. */
export class InputError extends Error {
  override name = 'InputError';
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
