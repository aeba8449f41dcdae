/**
 * The action's pull-request comment inputs: `github-token`, `pr-comment`, `pr-number`. Read and
 * checked before any request; the GitHub token and the API token must never meet: the API token
 * goes only to DatoCMS, the GitHub token only to GitHub, so neither may hold the other, and no
 * input sent to DatoCMS may hold the GitHub token.
 */
import { InputError } from '../common/errors.ts';
import { MIN_SECRET_LENGTH } from '../common/secret.ts';
import { shownValue } from '../common/shown-value.ts';
import { INPUTS } from './inputs.ts';
import type { InputReader } from './settings.ts';

export type CommentMode = 'auto' | 'off';

export interface CommentInputs {
  /** `auto`: comment on the run's pull request, when there is one; `off`: send nothing to GitHub. */
  readonly mode: CommentMode;
  /** `pr-number`: the pull request to comment on, whatever the event. */
  readonly prNumber: number | undefined;
  /** `github-token`, trimmed; '' when empty. */
  readonly githubToken: string;
}

/** GitHub's tokens are 40 (ghs_, ghp_) to about 100 characters (github_pat_); far more is something else. */
const MAX_GITHUB_TOKEN_LENGTH = 1024;
/** GitHub numbers issues and pull requests with 32-bit integers. */
const MAX_PR_NUMBER = 2 ** 31 - 1;

/** The three inputs, checked; throws InputError with a one-line message for the first bad one. */
export function readCommentInputs(input: InputReader): CommentInputs {
  const githubToken = parseGithubToken(input('github-token'));
  refuseTokensMixed(input, githubToken);
  return {
    mode: parseCommentMode(input('pr-comment')),
    prNumber: parsePrNumber(input('pr-number')),
    githubToken,
  };
}

export function parseCommentMode(raw: string): CommentMode {
  const value = raw.trim();
  if (value === '' || value === 'auto') return 'auto';
  if (value === 'off') return 'off';
  throw new InputError(
    `pr-comment is ${shownValue(value)}: expected auto (comment on the pull request, when there is one) or off (send nothing to GitHub)`,
  );
}

export function parsePrNumber(raw: string): number | undefined {
  const value = raw.trim();
  if (value === '') return undefined;
  const number = /^[1-9]\d{0,9}$/.test(value) ? Number(value) : Number.NaN;
  if (!(number <= MAX_PR_NUMBER)) {
    throw new InputError(
      `pr-number is ${shownValue(value)}: expected the number of a pull request, a whole number of at least 1 (e.g. 42), or nothing`,
    );
  }
  return number;
}

function parseGithubToken(raw: string): string {
  const token = raw.trim();
  // Outside a runner (local-action), action.yml's default comes unexpanded: no token.
  if (token === '' || /^\$\{\{[^}]*\}\}$/.test(token)) return '';
  if (token.length > MAX_GITHUB_TOKEN_LENGTH) {
    throw new InputError(
      `github-token is ${token.length} characters long, far more than a GitHub token: pass a token alone, e.g. \${{ github.token }} (the default)`,
    );
  }
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new InputError(
      'github-token holds whitespace, control or non-ASCII characters (a token is visible ASCII only): pass a token alone, e.g. ${{ github.token }} (the default)',
    );
  }
  return token;
}

/** Neither token in the other, and the GitHub token in no input that is sent to DatoCMS. */
function refuseTokensMixed(input: InputReader, githubToken: string): void {
  const apiToken = input('api-token').trim();
  const holds = (text: string, secret: string) =>
    secret.length >= MIN_SECRET_LENGTH && text.toLowerCase().includes(secret.toLowerCase());
  if (holds(githubToken, apiToken) || holds(apiToken, githubToken)) {
    throw new InputError(
      'github-token holds the DatoCMS API token (not shown): pass the DatoCMS token only in api-token, and a GitHub token in github-token (by default ${{ github.token }})',
    );
  }
  const found = INPUTS.find(({ name }) => holds(input(name), githubToken));
  if (found !== undefined) {
    throw new InputError(
      `${found.name} holds the GitHub token (not shown): pass it only in github-token, and check which secret ${found.name} reads`,
    );
  }
}
