/** Reading an answer's body within bounds: the caps, the budget shared by a run, and the JSON in it. */
import type { Dispatcher } from 'undici';
import { UnexpectedAnswerError } from './errors.ts';

/**
 * Every answer but a listing page is a job, a job result or an error: a few KB. A body far past
 * that is not the API's (or is broken), and is not held in memory to find out.
 */
export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * Bytes of answer bodies held at once across every request in flight: ten pages read together,
 * each under its own cap, must not add up to gigabytes. Real pages of 500 uploads are 1-2 MB.
 */
export const MAX_BUFFERED_BYTES = 48 * 1024 * 1024;

/** Bytes of bodies being read, shared by every request of a run. */
export interface BodyBudget {
  used: number;
  readonly max: number;
}

/**
 * The body as text, or undefined (and the rest dropped unread) once it passes `maxBytes`, or
 * once the bodies being read together pass the shared budget.
 */
export async function readCapped(
  body: Dispatcher.ResponseData['body'],
  maxBytes: number,
  budget: BodyBudget,
): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      size += chunk.length;
      budget.used += chunk.length;
      if (size > maxBytes || budget.used > budget.max) {
        body.destroy();
        return undefined;
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    budget.used -= size;
  }
}

/** The error of `request` whose body `readCapped` left unread. */
export function tooLargeError(request: string, maxBytes: number, budget: BodyBudget): UnexpectedAnswerError {
  return new UnexpectedAnswerError(
    request,
    `a body of more than ${mebibytes(maxBytes)}, or more than ${mebibytes(budget.max)} with the answers read at the same time (not read further)`,
  );
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

/** The JSON in `text`; undefined when it is empty or not JSON. */
export function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
