/**
 * Where GitHub is, from the runner's variables: the repository (GITHUB_REPOSITORY), the REST and
 * GraphQL endpoints (GITHUB_API_URL, GITHUB_GRAPHQL_URL: GitHub Enterprise Server has its own),
 * and the host comment links must be on (GITHUB_SERVER_URL). Each is checked before it is used.
 */
import { isLoopback } from '../../core/settings/values.ts';

export interface GitHubPlace {
  readonly owner: string;
  readonly repo: string;
  /** The REST base URL, without a trailing slash. */
  readonly apiUrl: string;
  readonly graphqlUrl: string;
  /** The web host a comment's html_url must be on, e.g. github.com. */
  readonly webHost: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The place, or why there is none (a line for the warning). */
export function gitHubPlace(env: Env): GitHubPlace | string {
  const repository = env.GITHUB_REPOSITORY?.trim() ?? '';
  const match = /^([A-Za-z0-9][A-Za-z0-9-]{0,38})\/([A-Za-z0-9._-]{1,100})$/.exec(repository);
  if (match === null || match[2] === '.' || match[2] === '..') {
    return 'GITHUB_REPOSITORY is not owner/name: run the step on a GitHub runner, which sets it';
  }
  const apiUrl = endpoint(env.GITHUB_API_URL, 'https://api.github.com');
  const graphqlUrl = endpoint(env.GITHUB_GRAPHQL_URL, 'https://api.github.com/graphql');
  const server = endpoint(env.GITHUB_SERVER_URL, 'https://github.com');
  if (apiUrl === undefined) return 'GITHUB_API_URL is not an https URL: leave it as the runner sets it';
  if (graphqlUrl === undefined) return 'GITHUB_GRAPHQL_URL is not an https URL: leave it as the runner sets it';
  if (server === undefined) return 'GITHUB_SERVER_URL is not an https URL: leave it as the runner sets it';
  return { owner: match[1] ?? '', repo: match[2] ?? '', apiUrl, graphqlUrl, webHost: new URL(server).host };
}

/** An https URL (plain http only to this machine), without credentials, query or fragment; undefined otherwise. */
function endpoint(raw: string | undefined, fallback: string): string | undefined {
  const value = raw?.trim() || fallback;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
  if (!secure || url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return undefined;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
