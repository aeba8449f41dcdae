/** One handler per endpoint, once the request is authenticated and not refused. */
import type { ServerResponse } from 'node:http';
import { linkHeader, pageOf } from './paging.ts';
import { DOCS, GRAPHQL_DOCS, sendError, sendJson, sendTooLong } from './reply.ts';
import { commentResource, pullResource, userResource } from './resources.ts';
import { REPOSITORY_ID, type Endpoint } from './routes.ts';
import { timestamp, type GitHubState } from './state.ts';

/** GitHub's limit on a comment body, in characters. */
export const MAX_BODY_CHARACTERS = 65_536;

const COMMENT_DOCS = 'https://docs.github.com/rest/issues/comments';
export const DOCS_OF = {
  list: `${COMMENT_DOCS}#list-issue-comments`,
  create: `${COMMENT_DOCS}#create-an-issue-comment`,
  update: `${COMMENT_DOCS}#update-an-issue-comment`,
  'commit-pulls': 'https://docs.github.com/rest/commits/commits#list-pull-requests-associated-with-a-commit',
  user: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
  graphql: GRAPHQL_DOCS,
  unknown: DOCS,
} as const;

export interface Exchange {
  state: GitHubState;
  res: ServerResponse;
  url: URL;
  body: string;
  /** The REST base, `http://127.0.0.1:PORT`. */
  base: string;
}

/** Whether the path names the simulated repository (GitHub compares names case-insensitively). */
function isOurs(state: GitHubState, repo: readonly [string, string] | number): boolean {
  if (typeof repo === 'number') return repo === REPOSITORY_ID;
  const { owner, repo: name } = state.settings;
  return repo[0].toLowerCase() === owner.toLowerCase() && repo[1].toLowerCase() === name.toLowerCase();
}

/** The `body` of a create or update, or undefined once the refusal is answered. */
function bodyOf(ex: Exchange, docs: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(ex.body);
  } catch {
    sendError(ex.res, 400, 'Problems parsing JSON', docs);
    return undefined;
  }
  const body = typeof parsed === 'object' && parsed !== null ? (parsed as { body?: unknown }).body : undefined;
  if (body === undefined || body === null) {
    sendError(ex.res, 422, 'Invalid request.\n\n"body" wasn\'t supplied.', docs);
  } else if (typeof body !== 'string') {
    sendError(ex.res, 422, `Invalid request.\n\nFor 'properties/body', ${JSON.stringify(body)} is not a string.`, docs);
  } else if (body.trim() === '') {
    const errors = [{ resource: 'IssueComment', code: 'missing_field', field: 'body' }];
    sendError(ex.res, 422, 'Validation Failed', docs, { errors });
  } else if ([...body].length > MAX_BODY_CHARACTERS) {
    sendTooLong(ex.res, docs);
  } else {
    return body;
  }
  return undefined;
}

function list(ex: Exchange, pr: number): void {
  const all = ex.state.comments(pr);
  const page = pageOf(ex.url.searchParams);
  const start = (page.page - 1) * page.perPage;
  const items = all.slice(start, start + page.perPage).map((c) => commentResource(ex.base, ex.state.settings, pr, c));
  const self = `${ex.base}/repositories/${REPOSITORY_ID}/issues/${pr}/comments`;
  const link = linkHeader(self, ex.url.searchParams, page, all.length);
  sendJson(ex.res, 200, items, link === undefined ? {} : { link });
}

function create(ex: Exchange, pr: number): void {
  const body = bodyOf(ex, DOCS_OF.create);
  if (body === undefined) return;
  const comment = ex.state.add(pr, body, ex.state.settings.login);
  const resource = commentResource(ex.base, ex.state.settings, pr, comment);
  sendJson(ex.res, 201, resource, { location: resource.url });
}

function update(ex: Exchange, id: number): void {
  const found = ex.state.comment(id);
  if (!found) return sendError(ex.res, 404, 'Not Found', DOCS_OF.update);
  const body = bodyOf(ex, DOCS_OF.update);
  if (body === undefined) return;
  const updated = ex.state.update(id, body);
  if (updated) sendJson(ex.res, 200, commentResource(ex.base, ex.state.settings, found.pr, updated));
}

function commitPulls(ex: Exchange, sha: string): void {
  const mergedAt = timestamp();
  const pulls = ex.state.commitPulls(sha).map((pr) => pullResource(ex.base, ex.state.settings, pr, mergedAt));
  sendJson(ex.res, 200, pulls);
}

function user(ex: Exchange): void {
  const { login, installationToken } = ex.state.settings;
  if (installationToken) return sendError(ex.res, 403, 'Resource not accessible by integration', DOCS_OF.user);
  sendJson(ex.res, 200, userResource(login));
}

function graphql(ex: Exchange): void {
  let query: unknown;
  try {
    query = (JSON.parse(ex.body) as { query?: unknown } | null)?.query;
  } catch {
    return sendError(ex.res, 400, 'Problems parsing JSON', GRAPHQL_DOCS);
  }
  if (typeof query !== 'string') {
    return sendJson(ex.res, 200, {
      errors: [{ message: 'A query attribute must be specified and must be a string.' }],
    });
  }
  if (/\bviewer\b/.test(query)) return sendJson(ex.res, 200, { data: { viewer: { login: ex.state.settings.login } } });
  sendJson(ex.res, 200, { errors: [{ message: 'The GitHub simulator answers only { viewer { login } }.' }] });
}

export function handle(ex: Exchange, endpoint: Endpoint): void {
  if ('repo' in endpoint && !isOurs(ex.state, endpoint.repo))
    return sendError(ex.res, 404, 'Not Found', DOCS_OF[endpoint.kind]);
  switch (endpoint.kind) {
    case 'list':
      return list(ex, endpoint.pr);
    case 'create':
      return create(ex, endpoint.pr);
    case 'update':
      return update(ex, endpoint.id);
    case 'commit-pulls':
      return commitPulls(ex, endpoint.sha);
    case 'user':
      return user(ex);
    case 'graphql':
      return graphql(ex);
    case 'unknown':
      return sendError(ex.res, 404, 'Not Found', DOCS);
  }
}
