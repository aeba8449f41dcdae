/**
 * GitHub's answers, checked before they are trusted, as the CMA's are: a comment's id is a
 * positive integer, its link an https page of this repository on the GitHub host, its author a
 * login; a listing is an array of at most one page. A broken answer is a BrokenAnswer.
 */
import type { GitHubPlace } from './github-env.ts';

export class BrokenAnswer extends Error {
  override name = 'BrokenAnswer';
}

/** GitHub caps a comment at 65,536 characters; an answer may escape a few of them. */
export const MAX_COMMENT_CHARS = 65_536;
const MAX_LISTED_BODY_CHARS = 4 * MAX_COMMENT_CHARS;
export const PAGE_SIZE = 100;

export interface ListedComment {
  readonly id: number;
  readonly login: string;
  readonly body: string;
}

export interface PostedComment {
  readonly id: number;
  readonly url: string;
}

/** A page of issue comments; entries without an id, an author or a body are kept out (they cannot be ours). */
export function listedComments(data: unknown): ListedComment[] {
  if (!Array.isArray(data)) throw new BrokenAnswer('the comments listed are not an array');
  if (data.length > PAGE_SIZE)
    throw new BrokenAnswer(`a page of ${data.length} comments, over the ${PAGE_SIZE} asked for`);
  const comments: ListedComment[] = [];
  for (const entry of data) {
    if (!isObject(entry) || !isId(entry.id) || typeof entry.body !== 'string') continue;
    const login = isObject(entry.user) ? entry.user.login : undefined;
    if (!isLogin(login) || entry.body.length > MAX_LISTED_BODY_CHARS) continue;
    comments.push({ id: entry.id, login, body: entry.body });
  }
  return comments;
}

/** The comment GitHub says it created or updated: its id, and its link on the repository's pull request. */
export function postedComment(data: unknown, place: GitHubPlace, pr: number | undefined): PostedComment {
  if (!isObject(data) || !isId(data.id))
    throw new BrokenAnswer('the comment written has no id that is a positive integer');
  const url = typeof data.html_url === 'string' ? commentLink(data.html_url, place, pr, data.id) : undefined;
  if (url === undefined) {
    throw new BrokenAnswer(
      `the comment written has no html_url on https://${place.webHost}/${place.owner}/${place.repo}`,
    );
  }
  return { id: data.id, url };
}

/** The login GraphQL's `{ viewer { login } }` answers. */
export function viewerLogin(data: unknown): string {
  const inner = isObject(data) ? data.data : undefined;
  const viewer = isObject(inner) ? inner.viewer : undefined;
  const login = isObject(viewer) ? viewer.login : undefined;
  if (!isLogin(login)) throw new BrokenAnswer('GraphQL answered no viewer login');
  return login;
}

/**
 * The comment's link, rebuilt from what was checked: `https://HOST/OWNER/REPO/pull/N#issuecomment-ID`.
 * GitHub's `html_url` must name this repository's pull request (or issue) on the server's host;
 * its query and fragment are never passed on (they would reach the summary and the output).
 */
function commentLink(text: string, place: GitHubPlace, pr: number | undefined, id: number): string | undefined {
  if (text.length > 2048 || /[\s\p{Cc}\\]/u.test(text)) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.host !== place.webHost || url.username !== '' || url.password !== '') {
    return undefined;
  }
  const [, owner = '', repo = '', kind = '', number = ''] =
    /^\/([^/]+)\/([^/]+)\/(pull|issues)\/([1-9]\d{0,9})$/.exec(url.pathname) ?? [];
  const same = owner.toLowerCase() === place.owner.toLowerCase() && repo.toLowerCase() === place.repo.toLowerCase();
  if (!same || (pr !== undefined && Number(number) !== pr)) return undefined;
  return `https://${place.webHost}/${place.owner}/${place.repo}/${kind}/${number}#issuecomment-${id}`;
}

function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

/** GitHub logins: letters, digits, hyphens, and `[bot]` for apps. */
function isLogin(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/.test(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
