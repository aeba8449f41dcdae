/**
 * The pull-request comment, after the run: which pull request, then the comment written or
 * updated. It never throws and never fails the step: whatever GitHub answers, the run's
 * deletions, outputs (but comment-url), report and exit code are those of `pr-comment: off`.
 * Nothing is sent to GitHub when the mode is off or no pull request is found.
 */
import type { CommentInputs } from '../../core/settings/comment-inputs.ts';
import { describeCause } from '../../core/common/errors.ts';
import { readEventFile } from './event-file.ts';
import { gitHubClient, type GitHubClient } from './github-client.ts';
import { gitHubPlace, type GitHubPlace } from './github-env.ts';
import { CommentRefused, postComment } from './post-comment.ts';
import { describeRefusal } from './refusal.ts';
import { mergedPullOf, prTarget, PULL_REQUEST_EVENTS } from './which-pr.ts';

/** The whole step, every request included: past it, the comment is given up with a warning. */
export const COMMENT_STEP_MS = 60_000;

type Env = Readonly<Record<string, string | undefined>>;
type Log = { info(m: string): void; warning(m: string): void; debug(m: string): void };
export type ClientMaker = (
  place: GitHubPlace,
  token: string,
  step: AbortSignal,
  log: (m: string) => void,
) => Promise<GitHubClient>;

export interface CommentRequest {
  readonly inputs: CommentInputs;
  /** The run deletes by a plan (plan-file set, not a dry run). */
  readonly appliesPlan: boolean;
  readonly env: Env;
  /** The run's cancellation. */
  readonly cancelled: AbortSignal;
  readonly log: Log;
  /** The comment's Markdown and its marker line, made only when a comment is written. */
  readonly text: () => { readonly body: string; readonly marker: string };
  readonly client?: ClientMaker;
}

export interface CommentOutcome {
  /** The comment's URL; '' when none was written. */
  readonly url: string;
  /** A line for the job summary, when there is something to say. */
  readonly summary?: string;
}

const NONE: CommentOutcome = { url: '' };

export async function commentStep(request: CommentRequest): Promise<CommentOutcome> {
  const { inputs, log } = request;
  if (inputs.mode === 'off') {
    log.debug('pr-comment is off: nothing is sent to GitHub');
    return NONE;
  }
  const eventName = request.env.GITHUB_EVENT_NAME ?? '';
  const readsEvent = inputs.prNumber === undefined && PULL_REQUEST_EVENTS.includes(eventName.trim());
  const target = prTarget({
    eventName,
    event: readsEvent ? readEventFile(request.env.GITHUB_EVENT_PATH) : undefined,
    prNumber: inputs.prNumber,
    appliesPlan: request.appliesPlan,
    sha: request.env.GITHUB_SHA ?? '',
  });
  if (target.kind === 'none') {
    log[target.level](`No pull request comment: ${target.why}`);
    return NONE;
  }
  if (inputs.githubToken === '') {
    return refused(
      log,
      'No pull request comment: github-token is empty; remove it from the step (it defaults to ${{ github.token }}) or set pr-comment: off',
    );
  }
  const place = gitHubPlace(request.env);
  if (typeof place === 'string') return refused(log, `No pull request comment: ${place}`);
  if (request.cancelled.aborted) return refused(log, 'No pull request comment: the run was cancelled before it');
  const step = AbortSignal.any([request.cancelled, AbortSignal.timeout(COMMENT_STEP_MS)]);
  try {
    const client = await (request.client ?? gitHubClient)(place, inputs.githubToken, step, (m) => log.debug(m));
    const pr = target.kind === 'number' ? target.number : await mergedPull(client, target.sha, log);
    if (pr === undefined) return NONE;
    const { body, marker } = request.text();
    const written = await postComment(client, pr, body, marker);
    log.info(`Commented on pull request #${pr}: ${written.url}`);
    if (written.warning !== undefined) log.warning(written.warning);
    return { url: written.url, summary: `- Pull request comment: ${written.url}` };
  } catch (error) {
    if (error instanceof CommentRefused) return refused(log, error.message);
    return refused(log, `No pull request comment: ${describeCause(error)} (the cleanup itself is unaffected)`);
  }
}

/** The pull request that merged `sha`, or undefined (an info line says why). */
async function mergedPull(client: GitHubClient, sha: string, log: Log): Promise<number | undefined> {
  let answer: unknown;
  try {
    answer = await client.commitPulls(sha);
  } catch (error) {
    throw new CommentRefused(
      `No pull request comment: could not ${describeRefusal(error, `ask GitHub which pull request merged ${sha.slice(0, 12)}`)}`,
    );
  }
  const pr = mergedPullOf(answer, sha);
  if (pr === undefined) {
    log.info(
      `No pull request comment: GitHub lists no merged pull request for commit ${sha.slice(0, 12)} (pushed without one)`,
    );
  }
  return pr;
}

function refused(log: Log, warning: string): CommentOutcome {
  log.warning(warning);
  return { url: '', summary: `- ${markdownText(warning)}` };
}

/** Text as it reads, in Markdown: GitHub's words must not become links, pictures or HTML in the summary. */
function markdownText(text: string): string {
  return text.replace(/[\\`*_[\]<>|!#~]/g, '\\$&');
}
