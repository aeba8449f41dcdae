/**
 * The GitHub requests a comment needs, through @actions/github, which is loaded here only: a run
 * that writes no comment never loads it. Every request goes through the capped fetch (a time
 * limit each, a size limit on each answer, the step's signal); a 5xx answer to a request that
 * changes nothing twice (GET, PATCH, the GraphQL query) is tried once more, nothing else is.
 */
import { cappedFetch, type Fetch, type FetchLimits } from './capped-fetch.ts';
import { listedComments, PAGE_SIZE, postedComment, viewerLogin, type ListedComment } from './answers.ts';
import type { PostedComment } from './answers.ts';
import type { GitHubPlace } from './github-env.ts';

export interface GitHubClient {
  /** The login of the token's identity (GraphQL `viewer`: REST GET /user refuses installation tokens). */
  viewerLogin(): Promise<string>;
  /** One page (1-based) of the pull request's comments, oldest first, and whether GitHub has more. */
  commentsPage(pr: number, page: number): Promise<{ readonly comments: ListedComment[]; readonly more: boolean }>;
  create(pr: number, body: string): Promise<PostedComment>;
  update(commentId: number, pr: number, body: string): Promise<PostedComment>;
  /** GitHub's answer to GET /repos/{owner}/{repo}/commits/{sha}/pulls, unchecked (mergedPullOf reads it). */
  commitPulls(sha: string): Promise<unknown>;
}

export const GITHUB_LIMITS: FetchLimits = {
  timeoutMs: 15_000,
  // A page of 100 comments of 65,536 characters each, at up to 4 bytes a character, with their fields.
  maxBytes: 32 * 2 ** 20,
};
/** The wait before a 5xx answer's one retry. */
const RETRY_DELAY_MS = 1_000;

interface Answer {
  readonly data: unknown;
  readonly headers: Readonly<Record<string, string | number | undefined>>;
}
type Send = (route: string, params: Record<string, unknown>) => Promise<Answer>;

/** A client for `place`, with `token`; `log` takes Octokit's own lines (to the debug log). */
export async function gitHubClient(
  place: GitHubPlace,
  token: string,
  step: AbortSignal,
  log: (message: string) => void,
): Promise<GitHubClient> {
  const { getOctokit, defaults } = await loadGitHub();
  // The runner's proxy settings are in @actions/github's own fetch; it is kept, under the limits.
  const base = (defaults.request?.fetch as Fetch | undefined) ?? fetch;
  const quiet = { debug: log, info: log, warn: log, error: log };
  const octokit = getOctokit(token, {
    baseUrl: place.apiUrl,
    log: quiet,
    request: { fetch: cappedFetch(base, GITHUB_LIMITS, step) },
  });
  const send: Send = async (route, params) => {
    const answer = await retriedOnce(() => octokit.request(route, params), route.startsWith('POST /repos'), step);
    return { data: answer.data as unknown, headers: answer.headers };
  };
  return requests(place, send);
}

function requests(place: GitHubPlace, send: Send): GitHubClient {
  const repo = { owner: place.owner, repo: place.repo };
  return {
    viewerLogin: async () =>
      viewerLogin((await send(`POST ${place.graphqlUrl}`, { query: 'query { viewer { login } }' })).data),
    commentsPage: async (pr, page) => {
      const answer = await send('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        ...repo,
        issue_number: pr,
        per_page: PAGE_SIZE,
        page,
      });
      return { comments: listedComments(answer.data), more: /rel="next"/.test(String(answer.headers.link ?? '')) };
    },
    create: async (pr, body) =>
      postedComment(
        (await send('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...repo, issue_number: pr, body }))
          .data,
        place,
        pr,
      ),
    update: async (commentId, pr, body) =>
      postedComment(
        (
          await send('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
            ...repo,
            comment_id: commentId,
            body,
          })
        ).data,
        place,
        pr,
      ),
    commitPulls: async (sha) =>
      (await send('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', { ...repo, commit_sha: sha, per_page: 100 }))
        .data,
  };
}

/** `attempt`, and once more after a 5xx answer unless `once` (a POST could be written twice). */
async function retriedOnce<T>(attempt: () => Promise<T>, once: boolean, step: AbortSignal): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (once || !isServerError(error) || step.aborted) throw error;
    await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
    return attempt();
  }
}

/** A 5xx answer from GitHub (not a request Octokit gave 500 for a fetch that failed: it has no response). */
function isServerError(error: unknown): boolean {
  const { status, response } = error as { status?: unknown; response?: unknown };
  return typeof status === 'number' && status >= 500 && response !== undefined;
}

/**
 * `@actions/github`, loaded without the event file: loading it builds its `context`, which reads
 * GITHUB_EVENT_PATH whole, unchecked (a FIFO would hang the step, /dev/zero exhaust it). The
 * action reads the event itself, bounded (event-file.ts), and needs nothing of that context.
 */
async function loadGitHub() {
  const eventPath = process.env.GITHUB_EVENT_PATH;
  delete process.env.GITHUB_EVENT_PATH;
  try {
    const [{ getOctokit }, { defaults }] = await Promise.all([
      import('@actions/github'),
      import('@actions/github/lib/utils'),
    ]);
    return { getOctokit, defaults };
  } finally {
    if (eventPath !== undefined) process.env.GITHUB_EVENT_PATH = eventPath;
  }
}
