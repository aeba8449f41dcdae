/**
 * One comment per pull request and environment, updated in place: the newest comment that carries
 * the marker AND was written by the token's own identity is updated; none, a new one is written.
 * A comment by anyone else is never edited, whatever it carries (copying the marker must not let
 * a user have the action write over their comment, or vouch for it).
 */
import { MAX_COMMENT_CHARS, type PostedComment } from './answers.ts';
import type { GitHubClient } from './github-client.ts';
import { describeRefusal } from './refusal.ts';

/** Pages of 100 comments looked through at most: 3,000 comments. */
export const MAX_COMMENT_PAGES = 30;

export interface CommentWritten {
  readonly kind: 'created' | 'updated';
  readonly url: string;
  /** Said when a new comment was written because the pull request has more comments than are looked through. */
  readonly warning?: string;
}

/** Thrown with the line to warn: what failed, why, and what to do. */
export class CommentRefused extends Error {
  override name = 'CommentRefused';
}

/** Writes `body` (which holds `marker`) on pull request `pr`; throws CommentRefused. */
export async function postComment(
  client: GitHubClient,
  pr: number,
  body: string,
  marker: string,
): Promise<CommentWritten> {
  if (body.length > MAX_COMMENT_CHARS || !body.includes(marker) || marker.trim() === '') {
    throw new CommentRefused(
      `No comment on pull request #${pr}: its text is over ${MAX_COMMENT_CHARS} characters or lacks its marker; report it as a bug (the cleanup itself is unaffected)`,
    );
  }
  const login = await step(() => client.viewerLogin(), "ask GitHub for github-token's login (GraphQL viewer)", pr);
  const found = await step(() => ownComment(client, pr, marker, login), 'list its comments', pr);
  if (found.id !== undefined) {
    const id = found.id;
    const written = await step(() => client.update(id, pr, body), `update its comment ${id}`, pr);
    return { kind: 'updated', url: written.url };
  }
  const written: PostedComment = await step(() => client.create(pr, body), 'write the comment', pr);
  if (!found.capped) return { kind: 'created', url: written.url };
  return {
    kind: 'created',
    url: written.url,
    warning: `Pull request #${pr} has more than ${MAX_COMMENT_PAGES * 100} comments, so this action's earlier comment was not looked for past them and a new one was written: ${written.url}`,
  };
}

/** The id of the newest comment by `login` that carries `marker`, and whether the listing stopped at its cap. */
async function ownComment(
  client: GitHubClient,
  pr: number,
  marker: string,
  login: string,
): Promise<{ readonly id: number | undefined; readonly capped: boolean }> {
  let id: number | undefined;
  for (let page = 1; page <= MAX_COMMENT_PAGES; page++) {
    const { comments, more } = await client.commentsPage(pr, page);
    for (const comment of comments) {
      // Logins are case-insensitive on GitHub: `Octo-Bot` and `octo-bot` are one account.
      if (
        comment.login.toLowerCase() === login.toLowerCase() &&
        comment.body.includes(marker) &&
        (id === undefined || comment.id > id)
      ) {
        id = comment.id;
      }
    }
    if (!more) return { id, capped: false };
  }
  return { id, capped: true };
}

async function step<T>(attempt: () => Promise<T>, doing: string, pr: number): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    throw new CommentRefused(`No comment on pull request #${pr}: could not ${describeRefusal(error, doing)}`);
  }
}
