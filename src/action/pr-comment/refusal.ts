/**
 * Why GitHub wrote no comment, in one line that says what to do. A refusal is never the run's
 * failure: every line says the cleanup itself is unaffected by it.
 */
import { oneLine } from '../../core/common/one-line.ts';
import { describeCause } from '../../core/common/errors.ts';
import { GitHubLimitError } from './capped-fetch.ts';
import { BrokenAnswer } from './answers.ts';

/** Said of every refusal: the deletions, outputs and exit code are those of `pr-comment: off`. */
const UNAFFECTED = 'the cleanup itself is unaffected';
const OFF = 'or set pr-comment: off';

/** The reason and what to do, for `doing` (e.g. "list the comments of pull request #12"). */
export function describeRefusal(error: unknown, doing: string): string {
  const limit = findCause(error, GitHubLimitError);
  if (limit !== undefined) return `${doing}: ${limit.message}; re-run the job if GitHub was slow (${UNAFFECTED})`;
  const broken = findCause(error, BrokenAnswer);
  if (broken !== undefined) {
    return `${doing}: GitHub's answer was not as documented (${broken.message}); re-run the job later, ${OFF} (${UNAFFECTED})`;
  }
  const { status, message, response } = error as { status?: unknown; message?: unknown; response?: unknown };
  if (typeof status !== 'number' || response === undefined) {
    return `${doing}: GitHub could not be reached (${shortCause(error)}); check the runner's network, ${OFF} (${UNAFFECTED})`;
  }
  const said = shorten(typeof message === 'string' ? message : '');
  const answered = `GitHub answered ${status}${said === '' ? '' : ` ${JSON.stringify(said)}`}`;
  return `${doing}: ${answered}; ${whatToDo(status, said, headersOf(response))} (${UNAFFECTED})`;
}

function whatToDo(status: number, said: string, headers: Readonly<Record<string, unknown>>): string {
  if (isRateLimit(status, said, headers))
    return `GitHub's rate limit is spent${resetOf(headers)}: re-run the job later, ${OFF}`;
  if (status === 401) return `pass a valid token in github-token (by default \${{ github.token }}), ${OFF}`;
  if (status === 403) {
    return `give the job "permissions: pull-requests: write" (a pull request from a fork gets a read-only token), ${OFF}`;
  }
  if (status === 404) {
    return `check pr-number and that github-token may read GITHUB_REPOSITORY (permissions: pull-requests: write), ${OFF}`;
  }
  if (status === 422) return `the comment was refused as written: report it as a bug, ${OFF}`;
  if (status >= 500) return `GitHub may be down: re-run the job later, ${OFF}`;
  return `check github-token and pr-number, ${OFF}`;
}

function isRateLimit(status: number, said: string, headers: Readonly<Record<string, unknown>>): boolean {
  if (status === 429) return true;
  return status === 403 && (String(headers['x-ratelimit-remaining']) === '0' || /rate limit/i.test(said));
}

/** When the limit resets, as GitHub says (retry-after seconds, or x-ratelimit-reset epoch seconds). */
function resetOf(headers: Readonly<Record<string, unknown>>): string {
  const after = Number(headers['retry-after']);
  if (Number.isFinite(after) && after >= 0 && after < 86_400) return ` (retry after ${Math.ceil(after)} s)`;
  const reset = Number(headers['x-ratelimit-reset']);
  if (Number.isSafeInteger(reset) && reset > 0 && reset < 1e11) {
    return ` (until ${new Date(reset * 1000).toISOString().slice(11, 16)} UTC)`;
  }
  return '';
}

function headersOf(response: unknown): Readonly<Record<string, unknown>> {
  const headers = (response as { headers?: unknown } | undefined)?.headers;
  return typeof headers === 'object' && headers !== null ? (headers as Record<string, unknown>) : {};
}

function findCause<T extends Error>(error: unknown, type: abstract new (...args: never[]) => T): T | undefined {
  let cause: unknown = error;
  for (let depth = 0; depth < 5 && cause !== undefined && cause !== null; depth++) {
    if (cause instanceof type) return cause;
    cause = (cause as { cause?: unknown }).cause;
  }
  return undefined;
}

function shortCause(error: unknown): string {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  return shorten(describeCause(cause instanceof Error ? cause : error));
}

/** GitHub's own words, on one line, at most 160 characters, without its documentation link. */
function shorten(text: string): string {
  const line = oneLine(text)
    .replace(/\s+-\s+https?:\/\/\S+$/, '')
    .trim();
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}
