/**
 * End-to-end, a pull-request comment GitHub refuses, or that is not to be written. A refusal (a
 * read-only token, 404, an outage, a rate limit, no answer) is a warning in the log and the
 * summary; the deletions, outputs (but comment-url), report and exit code are exactly those of
 * `pr-comment: off`. Without a pull request, or with pr-comment off, nothing is sent to GitHub.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { closeSimulator, deletedUploads, errorLine, ids, reportOf, simulator } from '../__fixtures__/e2e.ts';
import { GH_TOKEN, PR, runnerEnv, runWithGitHub } from '../__fixtures__/pr-comment.ts';
import type { ActionRun } from '../scripts/run-action.ts';
import type { Simulator } from '../simulator/index.ts';
import {
  startGitHubSimulator,
  type GitHubRoute,
  type GitHubSim,
  type RefusalStatus,
} from '../simulator/github/index.ts';

let gh: GitHubSim | undefined;
const closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  await closeSimulator();
  await gh?.close();
  gh = undefined;
  for (const close of closing.splice(0)) await close();
});

async function github(): Promise<GitHubSim> {
  gh = await startGitHubSimulator();
  return gh;
}

const INPUTS = { 'upload-ids': ids(0, 2).join(','), 'pr-number': String(PR) };

/** What must not change with the comment: exit code, outputs but comment-url, the report, the error line. */
function essentials(run: ActionRun) {
  // Paths and SHA-256 differ from run to run (the report's folder); the comment's URL is what may differ.
  const outputs = Object.fromEntries(
    Object.entries(run.outputs).filter(
      ([name]) => !['report-file', 'report-sha256', 'job-ids', 'comment-url'].includes(name),
    ),
  );
  const jobIds = run.outputs['job-ids'];
  const report = reportOf(run);
  return {
    code: run.code,
    outputs,
    jobs: jobIds?.split(',').length,
    error: errorLine(run),
    report: {
      outcome: report.outcome,
      counts: report.counts,
      items: report.items.map((item) => [item.id, item.fate, item.reason]),
    },
  };
}

/** The same run on a fresh library with pr-comment off. */
async function withCommentOff(hub: { url: string; graphqlUrl: string }, inputs = INPUTS) {
  const fresh = await simulator({ uploads: 3 });
  const off = await runWithGitHub(fresh, { ...inputs, 'pr-comment': 'off' }, runnerEnv(hub, 'workflow_dispatch'));
  expect(deletedUploads(fresh)).toHaveLength(2);
  return essentials(off);
}

async function refusedRun(target: Simulator, hub: { url: string; graphqlUrl: string; requests: readonly unknown[] }) {
  const run = await runWithGitHub(target, INPUTS, runnerEnv(hub, 'workflow_dispatch'), hub);
  expect(deletedUploads(target)).toHaveLength(2);
  expect(run.outputs['comment-url']).toBe('');
  const warning = run.stdout
    .split('\n')
    .find((line) => line.startsWith(`::warning::No comment on pull request #${PR}`));
  expect(warning, run.stdout).toBeDefined();
  expect(run.summary).toContain(`- No comment on pull request \\#${PR}: could not `);
  return { run, warning: warning ?? '' };
}

describe('a refused comment', () => {
  it.each<[GitHubRoute, RefusalStatus, RegExp, number]>([
    [
      'create',
      403,
      /GitHub answered 403 "You have exceeded a secondary rate limit.*rate limit is spent \(retry after/,
      1,
    ],
    ['list', 404, /GitHub answered 404 "Not Found"; check pr-number/, 1],
    ['list', 500, /GitHub answered 500 "Server Error"; GitHub may be down/, 2],
    ['create', 502, /GitHub answered 502 "Server Error"; GitHub may be down/, 1],
    ['graphql', 429, /GitHub answered 429 .*rate limit is spent \(retry after \d+ s\)/, 1],
    ['all', 401, /GitHub answered 401 "Bad credentials"; pass a valid token in github-token/, 1],
  ])('on %s with %i is a warning, and the run is what pr-comment: off makes it', async (route, status, said, tries) => {
    const hub = await github();
    hub.refuse(route, status);
    const target = await simulator({ uploads: 3 });
    const { run, warning } = await refusedRun(target, hub);
    expect(warning).toMatch(said);
    expect(warning).toMatch(/\(the cleanup itself is unaffected\)$/);
    const routeOf: Partial<Record<GitHubRoute, string>> = {
      create: 'POST /repos',
      list: 'GET /repos',
      graphql: 'POST /graphql',
      all: 'POST /graphql',
    };
    const sent = hub.requests.filter((request) =>
      `${request.method} ${request.path}`.startsWith(routeOf[route] ?? '?'),
    );
    expect(sent, 'a 5xx retried once, but never a POST that may have been written').toHaveLength(tries);
    expect(hub.comments(PR)).toEqual([]);
    await closeSimulator();
    expect(essentials(run)).toEqual(await withCommentOff(hub));
  });

  it("from a read-only token (a fork's: 403 Resource not accessible by integration) says which permission", async () => {
    const readOnly = await readOnlyGitHub();
    const target = await simulator({ uploads: 3 });
    const { run, warning } = await refusedRun(target, readOnly);
    expect(warning).toMatch(
      /could not write the comment: GitHub answered 403 "Resource not accessible by integration"; give the job "permissions: pull-requests: write"/,
    );
    await closeSimulator();
    expect(essentials(run)).toEqual(await withCommentOff(readOnly));
  });

  it('when GitHub does not answer within 15 s, is given up as a warning', async () => {
    const hub = await github();
    hub.hang('graphql', 30_000);
    const target = await simulator({ uploads: 3 });
    const { warning } = await refusedRun(target, hub);
    expect(warning).toMatch(/no answer within 15 s/);
    hub.hang('graphql', 0);
  }, 40_000);
});

describe('nothing is sent to GitHub', () => {
  it('with pr-comment off, or without a pull request to comment on', async () => {
    const hub = await github();
    const target = await simulator({ uploads: 10 });
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ 'pr-comment': 'off' }, runnerEnv(hub, 'pull_request', { pull_request: { number: PR } })],
      [{}, runnerEnv(hub, 'push')],
      [{}, runnerEnv(hub, 'schedule')],
      [{}, runnerEnv(hub, 'pull_request', { pull_request: { number: 'seven' } })],
      [{}, { ...runnerEnv(hub, 'pull_request'), GITHUB_EVENT_PATH: '/nonexistent/event.json' }],
    ];
    for (const [index, [inputs, env]] of cases.entries()) {
      const run = await runWithGitHub(
        target,
        { 'upload-ids': ids(index * 2, index * 2 + 2).join(','), ...inputs },
        env,
      );
      expect(run.code, run.stdout).toBe(0);
      expect(run.outputs).toMatchObject({ successful: '2', 'comment-url': '' });
      expect(run.stdout).not.toContain('::warning::');
    }
    expect(hub.requests).toEqual([]);
  });

  it('when an input is refused, before any request to either', async () => {
    const hub = await github();
    const target = await simulator({ uploads: 3 });
    const env = runnerEnv(hub, 'workflow_dispatch');
    const refusals: [Record<string, string>, RegExp][] = [
      [{ 'pr-comment': 'yes' }, /^::error::pr-comment is "yes": expected auto .* or off/],
      [{ 'pr-number': '0' }, /^::error::pr-number is "0": expected the number of a pull request/],
      [
        { 'github-token': 'sim-token-Secret-7f3a9c' },
        /^::error::github-token holds the DatoCMS API token \(not shown\)/,
      ],
      [{ query: GH_TOKEN }, /^::error::query holds the GitHub token \(not shown\)/],
    ];
    for (const [inputs, said] of refusals) {
      const run = await runWithGitHub(target, { 'upload-ids': ids(0, 2).join(','), 'pr-number': '7', ...inputs }, env);
      expect(run.code).toBe(1);
      expect(errorLine(run)).toMatch(said);
    }
    expect(target.requests).toEqual([]);
    expect(hub.requests).toEqual([]);
  });
});

/** A GitHub whose token may read but not write: the viewer answers, the listing is empty, a new comment is 403. */
async function readOnlyGitHub() {
  const requests: { method: string; path: string; authorization: string | undefined }[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization });
    req.resume();
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/graphql') return send(200, { data: { viewer: { login: 'github-actions[bot]' } } });
    if (req.method === 'GET') return send(200, []);
    return send(403, {
      message: 'Resource not accessible by integration',
      documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
      status: '403',
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closing.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, graphqlUrl: `${url}/graphql`, requests };
}
