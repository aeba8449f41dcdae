/** The GitHub simulator: the REST and GraphQL answers a pull-request comment needs, with faults. */
import { afterEach, describe, expect, it } from 'vitest';
import {
  REPOSITORY_ID,
  startGitHubSimulator,
  type GitHubSim,
  type GitHubSimOptions,
} from '../simulator/github/index.ts';

const TOKEN = 'gh-test-token';
const REPO = '/repos/octo-org/media-site';
let sim: GitHubSim | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function started(options: GitHubSimOptions = {}): Promise<GitHubSim> {
  sim = await startGitHubSimulator(options);
  return sim;
}

/** The fields of GitHub's answers these tests read (an array for lists). */
interface Answer {
  id?: number;
  body?: string;
  login?: string;
  type?: string;
  message?: string;
  errors?: { message: string }[];
  data?: unknown;
}

/** A request to the simulator, `path` relative to its REST base unless absolute. */
async function call(path: string, init: RequestInit & { json?: unknown } = {}) {
  const { json, ...rest } = init;
  const headers = { authorization: `token ${TOKEN}`, ...(rest.headers as Record<string, string> | undefined) };
  const url = path.startsWith('http') ? path : `${sim!.url}${path}`;
  const body = json === undefined ? rest.body : JSON.stringify(json);
  const res = await fetch(url, { ...rest, headers, body });
  const text = await res.text();
  const parsed: unknown = text === '' ? {} : JSON.parse(text);
  return { status: res.status, headers: res.headers, text, json: parsed as Answer, list: parsed as Answer[] };
}

/** The `link` header as `{ rel: url }`. */
function links(header: string | null): Record<string, string> {
  return Object.fromEntries(
    [...(header ?? '').matchAll(/<([^>]+)>; rel="(\w+)"/g)].map(([, url = '', rel = '']) => [rel, url]),
  );
}

describe('issue comments: listing and paging', () => {
  it('pages 250 comments 100 at a time, with the link header GitHub writes, followed verbatim', async () => {
    const sim = await started();
    for (let i = 0; i < 250; i++) sim.addComment(7, `comment ${i}`, i % 2 ? 'octocat' : 'github-actions[bot]');
    const first = await call(`${REPO}/issues/7/comments?per_page=100`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(first.json).toHaveLength(100);
    const base = `${sim.url}/repositories/${REPOSITORY_ID}/issues/7/comments?per_page=100`;
    expect(first.headers.get('link')).toBe(`<${base}&page=2>; rel="next", <${base}&page=3>; rel="last"`);
    const second = await call(links(first.headers.get('link')).next!);
    expect(second.json).toHaveLength(100);
    expect(second.headers.get('link')).toBe(
      `<${base}&page=1>; rel="prev", <${base}&page=3>; rel="next", <${base}&page=3>; rel="last", <${base}&page=1>; rel="first"`,
    );
    const third = await call(links(second.headers.get('link')).next!);
    expect(third.list.map((c) => c.body)).toEqual(Array.from({ length: 50 }, (_, i) => `comment ${200 + i}`));
    expect(links(third.headers.get('link'))).toEqual({ prev: `${base}&page=2`, first: `${base}&page=1` });
  });

  it('writes each comment as GitHub does', async () => {
    const sim = await started();
    const seeded = sim.addComment(3, 'hello', 'github-actions[bot]');
    const { json } = await call(`${REPO}/issues/3/comments`);
    expect(json).toEqual([
      expect.objectContaining({
        id: seeded.id,
        node_id: expect.any(String) as string,
        body: 'hello',
        user: expect.objectContaining({ login: 'github-actions[bot]', type: 'Bot' }) as object,
        html_url: `https://github.com/octo-org/media-site/pull/3#issuecomment-${seeded.id}`,
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) as string,
        updated_at: seeded.updated_at,
        author_association: expect.any(String) as string,
      }),
    ]);
  });

  it('30 a page by default, at most 100, an empty list and no link for a pull request without comments', async () => {
    const sim = await started();
    for (let i = 0; i < 150; i++) sim.addComment(1, `c${i}`, 'octocat');
    const byDefault = await call(`${REPO}/issues/1/comments`);
    expect(byDefault.json).toHaveLength(30);
    expect(links(byDefault.headers.get('link')).last).toMatch(/\/comments\?page=5$/);
    expect((await call(`${REPO}/issues/1/comments?per_page=500`)).json).toHaveLength(100);
    const empty = await call(`${REPO}/issues/2/comments`);
    expect([empty.status, empty.json, empty.headers.get('link')]).toEqual([200, [], null]);
    expect((await call(`${REPO}/issues/1/comments?per_page=100&page=9`)).json).toEqual([]);
  });
});

describe('issue comments: creating and updating', () => {
  it('creates as the token login, 201, in creation order', async () => {
    const sim = await started({ login: 'media-bot[bot]' });
    sim.addComment(5, 'earlier', 'octocat');
    const created = await call(`${REPO}/issues/5/comments`, { method: 'POST', json: { body: 'report' } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ body: 'report', user: { login: 'media-bot[bot]', type: 'Bot' } });
    expect(created.headers.get('location')).toBe(`${sim.url}${REPO}/issues/comments/${created.json.id}`);
    expect(sim.comments(5).map((c) => [c.body, c.login])).toEqual([
      ['earlier', 'octocat'],
      ['report', 'media-bot[bot]'],
    ]);
  });

  it("updates any comment by id, another user's too (authorship is the client's to check); unknown id → 404", async () => {
    const sim = await started();
    const theirs = sim.addComment(5, '<!-- marker --> not ours', 'mallory');
    const updated = await call(`${REPO}/issues/comments/${theirs.id}`, { method: 'PATCH', json: { body: 'new' } });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({ id: theirs.id, body: 'new', user: { login: 'mallory' } });
    expect(sim.comments(5)[0]).toMatchObject({ body: 'new', login: 'mallory' });
    const missing = await call(`${REPO}/issues/comments/999`, { method: 'PATCH', json: { body: 'x' } });
    expect(missing.status).toBe(404);
    expect(missing.json.message).toBe('Not Found');
  });

  it('refuses another repository with 404, case aside', async () => {
    await started();
    expect((await call('/repos/octo-org/other/issues/1/comments')).status).toBe(404);
    expect((await call('/repos/Octo-Org/Media-Site/issues/1/comments')).status).toBe(200);
  });

  it('takes 65,536 characters (counted as characters, not UTF-16 units) and refuses one more with 422', async () => {
    const sim = await started();
    const path = `${REPO}/issues/4/comments`;
    expect((await call(path, { method: 'POST', json: { body: '😀'.repeat(65_536) } })).status).toBe(201);
    const long = await call(path, { method: 'POST', json: { body: 'x'.repeat(65_537) } });
    expect(long.status).toBe(422);
    expect(long.json).toMatchObject({
      message: 'Validation Failed',
      errors: [
        {
          resource: 'IssueComment',
          code: 'custom',
          field: 'body',
          message: 'body is too long (maximum is 65536 characters)',
        },
      ],
      status: '422',
    });
    const id = sim.comments(4)[0]!.id;
    const patch = { method: 'PATCH', json: { body: 'y'.repeat(65_537) } };
    expect((await call(`${REPO}/issues/comments/${id}`, patch)).status).toBe(422);
    expect((await call(path, { method: 'POST', json: {} })).status).toBe(422);
    expect((await call(path, { method: 'POST', body: '{' })).status).toBe(400);
    expect(sim.comments(4)).toHaveLength(1);
  });
});

describe('credentials', () => {
  it('takes only its token, as `token X` or `Bearer X`; another → 401 Bad credentials', async () => {
    await started({ token: 'right' });
    const path = `${REPO}/issues/1/comments`;
    expect((await call(path, { headers: { authorization: 'Bearer right' } })).status).toBe(200);
    expect((await call(path, { headers: { authorization: 'token right' } })).status).toBe(200);
    const wrong = await call(path, { headers: { authorization: 'token dato-cma-token' } });
    expect([wrong.status, wrong.json]).toEqual([
      401,
      {
        message: 'Bad credentials',
        documentation_url: expect.stringMatching(/^https:\/\/docs\.github\.com\//) as string,
        status: '401',
      },
    ]);
    const none = await fetch(`${sim!.url}${path}`);
    expect(none.status).toBe(401);
  });

  it('an installation token: REST /user → 403 Resource not accessible by integration, GraphQL viewer answers', async () => {
    const sim = await started();
    const user = await call('/user');
    expect([user.status, user.json.message]).toEqual([403, 'Resource not accessible by integration']);
    const viewer = await call(sim.graphqlUrl, { method: 'POST', json: { query: 'query { viewer { login } }' } });
    expect([viewer.status, viewer.json]).toEqual([200, { data: { viewer: { login: 'github-actions[bot]' } } }]);
    const other = await call(sim.graphqlUrl, { method: 'POST', json: { query: '{ repository { id } }' } });
    expect(other.status).toBe(200);
    expect(other.json.errors?.[0]?.message).toEqual(expect.any(String) as string);
    expect(other.json.data).toBeUndefined();
  });

  it('a user token: /user answers the login', async () => {
    await started({ installationToken: false, login: 'octocat' });
    const user = await call('/user');
    expect([user.status, user.json.login, user.json.type]).toEqual([200, 'octocat', 'User']);
  });
});

describe("a commit's pull requests and unknown paths", () => {
  it('answers what setCommitPulls says, merged, and [] by default', async () => {
    const sim = await started();
    sim.setCommitPulls('abc123', [12, 15]);
    const pulls = await call(`${REPO}/commits/abc123/pulls`);
    expect(pulls.json).toEqual([
      expect.objectContaining({
        number: 12,
        state: 'closed',
        merged_at: expect.any(String) as string,
        html_url: 'https://github.com/octo-org/media-site/pull/12',
        title: expect.any(String) as string,
        user: expect.objectContaining({ login: expect.any(String) as string }) as object,
      }),
      expect.objectContaining({ number: 15 }),
    ]);
    expect((await call(`${REPO}/commits/def456/pulls`)).json).toEqual([]);
  });

  it("anything else → 404 with GitHub's body", async () => {
    await started();
    const res = await call(`${REPO}/pulls/1/reviews`);
    expect([res.status, res.json]).toEqual([
      404,
      { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' },
    ]);
  });
});

describe('faults', () => {
  it('refuse(route, status, times) refuses that route only, that many times', async () => {
    const sim = await started();
    sim.refuse('list', 500, 2);
    const list = `${REPO}/issues/1/comments`;
    expect((await call(`${REPO}/commits/a/pulls`)).status).toBe(200);
    expect((await call(list)).status).toBe(500);
    expect((await call(list)).json.message).toBe('Server Error');
    expect((await call(list)).status).toBe(200);
    sim.refuse('create', 422);
    for (let i = 0; i < 3; i++) {
      expect((await call(list, { method: 'POST', json: { body: 'x' } })).status).toBe(422);
    }
    expect(sim.comments(1)).toEqual([]);
  });

  it.each([403, 429] as const)('a %i rate limit carries x-ratelimit-remaining: 0 and retry-after', async (status) => {
    const sim = await started();
    sim.refuse('update', status, 1);
    const { id } = sim.addComment(2, 'a', 'github-actions[bot]');
    const res = await call(`${REPO}/issues/comments/${id}`, { method: 'PATCH', json: { body: 'b' } });
    expect(res.status).toBe(status);
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res.json).toMatchObject({ message: expect.stringMatching(/rate limit/) as string, status: String(status) });
  });

  it('refuse("all") and refuse("graphql") reach /user and GraphQL; commit-pulls too', async () => {
    const sim = await started({ installationToken: false });
    sim.refuse('graphql', 502, 1);
    expect((await call(sim.graphqlUrl, { method: 'POST', json: { query: '{ viewer { login } }' } })).status).toBe(502);
    sim.refuse('commit-pulls', 404, 1);
    expect((await call(`${REPO}/commits/a/pulls`)).status).toBe(404);
    sim.refuse('all', 401, 1);
    expect((await call('/user')).status).toBe(401);
    expect((await call('/user')).status).toBe(200);
  });

  it('hang(route, ms) holds that route past a client time limit, and no other; close cuts it short', async () => {
    const sim = await started();
    sim.hang('list', 60_000);
    const list = fetch(`${sim.url}${REPO}/issues/1/comments`, {
      headers: { authorization: `token ${TOKEN}` },
      signal: AbortSignal.timeout(100),
    });
    await expect(list).rejects.toThrow(/aborted|timeout/i);
    expect((await call(`${REPO}/commits/a/pulls`)).status).toBe(200);
    sim.hang('list', 0);
    expect((await call(`${REPO}/issues/1/comments`)).status).toBe(200);
    sim.hang('graphql', 60_000);
    const pending = fetch(sim.graphqlUrl, { method: 'POST', headers: { authorization: `token ${TOKEN}` }, body: '{}' });
    const started_ = performance.now();
    await sim.close();
    await expect(pending).rejects.toThrow();
    expect(performance.now() - started_).toBeLessThan(5_000);
  });

  it('hang delays the answer by about ms, then answers', async () => {
    const sim = await started();
    sim.hang('commit-pulls', 150);
    const before = performance.now();
    expect((await call(`${REPO}/commits/a/pulls`)).status).toBe(200);
    expect(performance.now() - before).toBeGreaterThanOrEqual(140);
  });
});

describe('recording', () => {
  it('records every request: method, target, authorization, body', async () => {
    const sim = await started();
    await call(`${REPO}/issues/9/comments?per_page=100`);
    await call(`${REPO}/issues/9/comments`, { method: 'POST', json: { body: 'hi' } });
    await call('/nowhere', { headers: { authorization: 'Bearer other' } });
    expect(sim.requests).toEqual([
      { method: 'GET', path: `${REPO}/issues/9/comments?per_page=100`, authorization: `token ${TOKEN}`, body: '' },
      { method: 'POST', path: `${REPO}/issues/9/comments`, authorization: `token ${TOKEN}`, body: '{"body":"hi"}' },
      { method: 'GET', path: '/nowhere', authorization: 'Bearer other', body: '' },
    ]);
    expect(sim.requests.some((r) => r.authorization?.includes('dato'))).toBe(false);
  });
});
