/** The pull-request comment's pieces: its inputs, which pull request, GitHub's answers checked, refusals in words. */
import { describe, expect, it } from 'vitest';
import { readCommentInputs } from '../src/core/settings/comment-inputs.ts';
import { listedComments, postedComment } from '../src/action/pr-comment/answers.ts';
import { cappedFetch, GitHubLimitError } from '../src/action/pr-comment/capped-fetch.ts';
import { gitHubPlace, type GitHubPlace } from '../src/action/pr-comment/github-env.ts';
import { describeRefusal } from '../src/action/pr-comment/refusal.ts';
import { mergedPullOf, prTarget, type RunFacts } from '../src/action/pr-comment/which-pr.ts';

const API_TOKEN = 'dato-api-token-0123456789';
const GH_TOKEN = 'ghs_0123456789abcdefghij';
const reader = (values: Record<string, string>) => (name: string) =>
  ({ 'api-token': API_TOKEN, 'github-token': GH_TOKEN, ...values })[name] ?? '';

describe('the comment inputs', () => {
  it('default to auto, no pull request number, and the token trimmed', () => {
    expect(readCommentInputs(reader({ 'github-token': ` ${GH_TOKEN} ` }))).toEqual({
      mode: 'auto',
      prNumber: undefined,
      githubToken: GH_TOKEN,
    });
    expect(readCommentInputs(reader({ 'pr-comment': 'off', 'pr-number': '42' }))).toMatchObject({
      mode: 'off',
      prNumber: 42,
    });
  });

  it('read an unexpanded ${{ github.token }} (outside a runner) as no token', () => {
    expect(readCommentInputs(reader({ 'github-token': '${{ github.token }}' })).githubToken).toBe('');
  });

  it.each([['on'], ['true'], ['AUTO']])('refuse pr-comment %j in one line', (value) => {
    expect(() => readCommentInputs(reader({ 'pr-comment': value }))).toThrow(
      /^pr-comment is "[^"]+": expected auto \(comment on the pull request, when there is one\) or off/,
    );
  });

  it.each([['0'], ['-3'], ['1.5'], ['#12'], ['abc'], ['99999999999']])('refuse pr-number %j in one line', (value) => {
    expect(() => readCommentInputs(reader({ 'pr-number': value }))).toThrow(
      /^pr-number is .+: expected the number of a pull request, a whole number of at least 1 \(e\.g\. 42\), or nothing$/,
    );
  });

  it('refuse a GitHub token that holds the DatoCMS token, or the reverse, without printing either', () => {
    const pairs: Record<string, string>[] = [{ 'github-token': API_TOKEN }, { 'api-token': `x${GH_TOKEN}` }];
    for (const values of pairs) {
      let message = '';
      try {
        readCommentInputs(reader(values));
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^github-token holds the DatoCMS API token \(not shown\)/);
      expect(message).not.toContain(API_TOKEN);
      expect(message).not.toContain(GH_TOKEN);
    }
  });

  it('refuse the GitHub token in an input sent to DatoCMS', () => {
    expect(() => readCommentInputs(reader({ filter: `{"notes":{"matches":"${GH_TOKEN}"}}` }))).toThrow(
      /^filter holds the GitHub token \(not shown\): pass it only in github-token/,
    );
  });

  it('refuse a token with whitespace in it', () => {
    expect(() => readCommentInputs(reader({ 'github-token': 'ghs_abc def' }))).toThrow(
      /^github-token holds whitespace/,
    );
  });
});

const facts = (overrides: Partial<RunFacts>): RunFacts => ({
  eventName: 'pull_request',
  event: { text: JSON.stringify({ pull_request: { number: 7 } }) },
  prNumber: undefined,
  appliesPlan: false,
  sha: 'a'.repeat(40),
  ...overrides,
});

describe('which pull request', () => {
  it("is the event's own for pull_request and pull_request_target", () => {
    expect(prTarget(facts({}))).toEqual({ kind: 'number', number: 7, from: 'event' });
    expect(prTarget(facts({ eventName: 'pull_request_target' }))).toEqual({ kind: 'number', number: 7, from: 'event' });
  });

  it('is pr-number whatever the event', () => {
    expect(prTarget(facts({ prNumber: 12 }))).toEqual({ kind: 'number', number: 12, from: 'pr-number' });
    expect(prTarget(facts({ eventName: 'workflow_dispatch', prNumber: 3 }))).toMatchObject({ number: 3 });
  });

  it('is the one that merged the commit for a push that applies a plan', () => {
    expect(prTarget(facts({ eventName: 'push', appliesPlan: true, event: undefined }))).toEqual({
      kind: 'merged',
      sha: 'a'.repeat(40),
    });
  });

  it('is none for a push that applies no plan, another event, or an event file not to be trusted', () => {
    expect(prTarget(facts({ eventName: 'push', event: undefined }))).toMatchObject({ kind: 'none', level: 'debug' });
    expect(prTarget(facts({ eventName: 'schedule', event: undefined }))).toMatchObject({ kind: 'none' });
    for (const text of ['{not json', '{"pull_request":{"number":"7"}}', '{"pull_request":{"number":0}}', '[]']) {
      expect(prTarget(facts({ event: { text } })), text).toMatchObject({ kind: 'none', level: 'debug' });
    }
    expect(prTarget(facts({ event: { problem: 'too large' } }))).toMatchObject({ kind: 'none' });
    expect(prTarget(facts({ event: undefined }))).toMatchObject({ kind: 'none' });
    expect(prTarget(facts({ eventName: 'push', appliesPlan: true, sha: 'HEAD' }))).toMatchObject({
      kind: 'none',
      level: 'info',
    });
  });

  it("picks the merged pull request of GitHub's answer, its own merge commit first", () => {
    const sha = 'b'.repeat(40);
    const pulls = [
      { number: 4, merged_at: null },
      { number: 5, merged_at: '2026-01-01T00:00:00Z', merge_commit_sha: 'c'.repeat(40) },
      { number: 6, merged_at: '2026-01-01T00:00:00Z', merge_commit_sha: sha },
    ];
    expect(mergedPullOf(pulls, sha)).toBe(6);
    expect(mergedPullOf(pulls.slice(0, 2), sha)).toBe(5);
    expect(mergedPullOf(pulls.slice(0, 1), sha)).toBeUndefined();
    expect(mergedPullOf({ number: 6 }, sha)).toBeUndefined();
    expect(mergedPullOf([{ number: -1, merged_at: 'x' }], sha)).toBeUndefined();
  });
});

const place = gitHubPlace({ GITHUB_REPOSITORY: 'octo-org/media-site' }) as GitHubPlace;

describe("GitHub's place and answers", () => {
  it('reads the repository and endpoints, https or loopback http only', () => {
    expect(place).toEqual({
      owner: 'octo-org',
      repo: 'media-site',
      apiUrl: 'https://api.github.com',
      graphqlUrl: 'https://api.github.com/graphql',
      webHost: 'github.com',
    });
    expect(gitHubPlace({ GITHUB_REPOSITORY: 'no-slash' })).toMatch(/^GITHUB_REPOSITORY is not owner\/name: /);
    expect(gitHubPlace({ GITHUB_REPOSITORY: 'a/b', GITHUB_API_URL: 'http://example.com' })).toMatch(/^GITHUB_API_URL/);
    expect(gitHubPlace({ GITHUB_REPOSITORY: 'a/b', GITHUB_API_URL: 'http://127.0.0.1:9/' })).toMatchObject({
      apiUrl: 'http://127.0.0.1:9',
    });
  });

  it("trusts a written comment's link only on the repository's pull request, over https on the GitHub host", () => {
    const url = 'https://github.com/octo-org/media-site/pull/7#issuecomment-11';
    expect(postedComment({ id: 11, html_url: url }, place, 7)).toEqual({ id: 11, url });
    for (const bad of [
      { id: 11, html_url: url.replace('https', 'http') },
      { id: 11, html_url: url.replace('github.com', 'evil.example') },
      { id: 11, html_url: url.replace('media-site', 'other') },
      { id: 11, html_url: url.replace('/7', '/8') },
      { id: 11, html_url: 'javascript:alert(1)' },
      { id: 0, html_url: url },
      { id: '11', html_url: url },
      null,
    ]) {
      expect(() => postedComment(bad, place, 7), JSON.stringify(bad)).toThrow(/the comment written has no/);
    }
  });

  it('keeps listed comments that have an id, an author and a body, and refuses a page that is no page', () => {
    const good = { id: 1, body: 'x', user: { login: 'github-actions[bot]' } };
    expect(listedComments([good, { id: 2, body: 'y' }, { id: 3.5, body: 'z', user: { login: 'a' } }, 'x'])).toEqual([
      { id: 1, login: 'github-actions[bot]', body: 'x' },
    ]);
    expect(() => listedComments({ comments: [] })).toThrow(/not an array/);
    expect(() => listedComments(Array.from({ length: 101 }, () => good))).toThrow(/a page of 101 comments/);
  });
});

describe('the capped fetch', () => {
  const step = new AbortController().signal;
  it('refuses an answer over its size', async () => {
    const big = () => Promise.resolve(new Response('x'.repeat(2000)));
    const capped = cappedFetch(big, { timeoutMs: 1000, maxBytes: 1000 }, step);
    await expect(capped('http://127.0.0.1/')).rejects.toThrow(GitHubLimitError);
  });

  it('gives up on a request that takes longer than its time', async () => {
    const never = (_url: string, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new Error('x'))),
      );
    const capped = cappedFetch(never, { timeoutMs: 50, maxBytes: 1000 }, step);
    await expect(capped('http://127.0.0.1/')).rejects.toThrow(/no answer within 0.05 s/);
  });

  it('passes an answer within its limits on, status and headers included', async () => {
    const small = () => Promise.resolve(new Response('[]', { status: 201, headers: { link: '<x>; rel="next"' } }));
    const answer = await cappedFetch(small, { timeoutMs: 1000, maxBytes: 1000 }, step)('http://127.0.0.1/');
    expect([answer.status, answer.headers.get('link'), await answer.text()]).toEqual([201, '<x>; rel="next"', '[]']);
  });
});

describe('a refusal in words', () => {
  const answered = (status: number, message: string, headers: Record<string, string> = {}) =>
    Object.assign(new Error(message), { status, response: { headers } });

  it('says what to do for each refusal, in one line', () => {
    const doing = 'comment on pull request #7';
    expect(describeRefusal(answered(403, 'Resource not accessible by integration'), doing)).toMatch(
      /^comment on pull request #7: GitHub answered 403 "Resource not accessible by integration"; give the job "permissions: pull-requests: write".*the cleanup itself is unaffected\)$/,
    );
    expect(describeRefusal(answered(429, 'slow down', { 'retry-after': '30' }), doing)).toMatch(
      /rate limit is spent \(retry after 30 s\): re-run the job later/,
    );
    expect(describeRefusal(answered(403, 'API rate limit exceeded', { 'x-ratelimit-remaining': '0' }), doing)).toMatch(
      /rate limit is spent/,
    );
    expect(describeRefusal(answered(404, 'Not Found'), doing)).toMatch(/check pr-number/);
    expect(describeRefusal(answered(502, 'Bad Gateway'), doing)).toMatch(/GitHub may be down/);
    expect(describeRefusal(Object.assign(new Error('fetch failed'), { status: 500 }), doing)).toMatch(
      /GitHub could not be reached/,
    );
    expect(describeRefusal(answered(500, 'a\nb'), doing)).not.toContain('\n');
  });
});
