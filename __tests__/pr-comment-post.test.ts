/** Finding the action's own comment and writing it, and the comment step's decisions, with a fake GitHub client. */
import { describe, expect, it } from 'vitest';
import type { ListedComment, PostedComment } from '../src/action/pr-comment/answers.ts';
import type { GitHubClient } from '../src/action/pr-comment/github-client.ts';
import { commentStep, type CommentRequest } from '../src/action/pr-comment/comment-step.ts';
import { CommentRefused, MAX_COMMENT_PAGES, postComment } from '../src/action/pr-comment/post-comment.ts';

const MARKER = '<!-- cleanup: main -->';
const BOT = 'github-actions[bot]';

/** A client over `comments` (of every pull request), recording what it is asked. */
function fakeClient(comments: ListedComment[], options: { refuse?: Error; pulls?: unknown } = {}) {
  const calls: string[] = [];
  const written = (id: number, pr: number): PostedComment => ({
    id,
    url: `https://github.com/o/r/pull/${pr}#issuecomment-${id}`,
  });
  const client: GitHubClient = {
    viewerLogin: () => Promise.resolve(BOT),
    commentsPage: (pr, page) => {
      calls.push(`list ${pr} ${page}`);
      if (options.refuse) return Promise.reject(options.refuse);
      const slice = comments.slice((page - 1) * 100, page * 100);
      return Promise.resolve({ comments: slice, more: page * 100 < comments.length });
    },
    create: (pr, body) => {
      calls.push(`create ${pr} ${body.length}`);
      return Promise.resolve(written(9999, pr));
    },
    update: (id, pr) => {
      calls.push(`update ${id}`);
      return Promise.resolve(written(id, pr));
    },
    commitPulls: (sha) => {
      calls.push(`pulls ${sha}`);
      return Promise.resolve(options.pulls ?? []);
    },
  };
  return { client, calls };
}

const comment = (id: number, login: string, body: string): ListedComment => ({ id, login, body });

describe('postComment', () => {
  it('updates the newest comment with the marker written by the same identity', async () => {
    const { client, calls } = fakeClient([
      comment(1, BOT, `${MARKER}\nold`),
      comment(2, 'mallory', `${MARKER}\nforged`),
      comment(3, BOT, `${MARKER}\nnewer`),
      comment(4, BOT, 'no marker'),
    ]);
    const written = await postComment(client, 7, `${MARKER}\nnew`, MARKER);
    expect(written).toEqual({ kind: 'updated', url: 'https://github.com/o/r/pull/7#issuecomment-3' });
    expect(calls).toEqual(['list 7 1', 'update 3']);
  });

  it("never edits another user's comment that carries the marker: it writes its own", async () => {
    const { client, calls } = fakeClient([comment(2, 'mallory', `${MARKER}\nforged`)]);
    expect((await postComment(client, 7, `${MARKER}\nnew`, MARKER)).kind).toBe('created');
    expect(calls).toEqual(['list 7 1', `create 7 ${MARKER.length + 4}`]);
  });

  it('pages through 300 comments to find its own on the last page', async () => {
    const others = Array.from({ length: 299 }, (_, i) => comment(i + 1, 'someone', `hello ${i}`));
    const { client, calls } = fakeClient([...others, comment(300, BOT, MARKER)]);
    expect(await postComment(client, 7, MARKER, MARKER)).toMatchObject({ kind: 'updated' });
    expect(calls).toEqual(['list 7 1', 'list 7 2', 'list 7 3', 'update 300']);
  });

  it('stops after its last page, writes a new comment, and says so', async () => {
    const many = Array.from({ length: MAX_COMMENT_PAGES * 100 + 1 }, (_, i) => comment(i + 1, 'someone', 'x'));
    const { client, calls } = fakeClient(many);
    const written = await postComment(client, 7, MARKER, MARKER);
    expect(written.kind).toBe('created');
    expect(written.warning).toMatch(/^Pull request #7 has more than 3000 comments/);
    expect(calls.filter((call) => call.startsWith('list'))).toHaveLength(MAX_COMMENT_PAGES);
  });

  it('refuses a body over 65,536 characters, or without its marker, before any request', async () => {
    const { client, calls } = fakeClient([]);
    await expect(postComment(client, 7, `${MARKER}${'x'.repeat(65_536)}`, MARKER)).rejects.toThrow(CommentRefused);
    await expect(postComment(client, 7, 'no marker', MARKER)).rejects.toThrow(CommentRefused);
    expect(calls).toEqual([]);
  });

  it("turns GitHub's refusal into one warning line", async () => {
    const refuse = Object.assign(new Error('Not Found'), { status: 404, response: { headers: {} } });
    const { client } = fakeClient([], { refuse });
    await expect(postComment(client, 7, MARKER, MARKER)).rejects.toThrow(
      /^No comment on pull request #7: could not list its comments: GitHub answered 404 "Not Found"; check pr-number/,
    );
  });
});

function request(overrides: Partial<CommentRequest>, made: string[]): CommentRequest {
  const log = {
    info: (m: string) => made.push(`info: ${m}`),
    warning: (m: string) => made.push(`warning: ${m}`),
    debug: (m: string) => made.push(`debug: ${m}`),
  };
  return {
    inputs: { mode: 'auto', prNumber: undefined, githubToken: 'ghs_token_0123456789' },
    appliesPlan: false,
    env: { GITHUB_REPOSITORY: 'o/r', GITHUB_EVENT_NAME: 'push', GITHUB_SHA: 'a'.repeat(40) },
    cancelled: new AbortController().signal,
    log,
    text: () => ({ body: `${MARKER}\nhi`, marker: MARKER }),
    ...overrides,
  };
}

describe('commentStep', () => {
  it('makes no client when off, or without a pull request', async () => {
    const made: string[] = [];
    const client = () => Promise.reject(new Error('no client should be made'));
    expect(
      await commentStep(request({ client, inputs: { mode: 'off', prNumber: 3, githubToken: 'x' } }, made)),
    ).toEqual({
      url: '',
    });
    expect(await commentStep(request({ client }, made))).toEqual({ url: '' });
    expect(made.every((line) => line.startsWith('debug: '))).toBe(true);
  });

  it('comments on the pull request that merged the pushed commit of an applied plan', async () => {
    const made: string[] = [];
    const { client, calls } = fakeClient([], { pulls: [{ number: 5, merged_at: '2026-01-01T00:00:00Z' }] });
    const outcome = await commentStep(request({ appliesPlan: true, client: () => Promise.resolve(client) }, made));
    expect(outcome.url).toBe('https://github.com/o/r/pull/5#issuecomment-9999');
    expect(calls[0]).toBe(`pulls ${'a'.repeat(40)}`);
    expect(made).toContain(`info: Commented on pull request #5: ${outcome.url}`);
  });

  it('writes nothing, with an info line, when no merged pull request is listed', async () => {
    const made: string[] = [];
    const { client, calls } = fakeClient([]);
    expect(await commentStep(request({ appliesPlan: true, client: () => Promise.resolve(client) }, made))).toEqual({
      url: '',
    });
    expect(calls).toHaveLength(1);
    expect(made).toEqual([
      expect.stringMatching(/^info: No pull request comment: GitHub lists no merged pull request/),
    ]);
  });

  it('warns, and adds a summary line, when github-token is empty', async () => {
    const made: string[] = [];
    const inputs = { mode: 'auto', prNumber: 3, githubToken: '' } as const;
    const outcome = await commentStep(request({ inputs }, made));
    expect(outcome.url).toBe('');
    expect(outcome.summary).toMatch(/^- No pull request comment: github-token is empty/);
    expect(made).toEqual([expect.stringMatching(/^warning: No pull request comment: github-token is empty/)]);
  });
});
