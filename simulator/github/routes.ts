/** The route table: which endpoint a request names, and what the path says. */
import type { GitHubRoute } from './types.ts';

/** The id GitHub gives the repository: the `link` header names it, as GitHub's does. */
export const REPOSITORY_ID = 812_345_678;

export type Endpoint =
  | { kind: 'list'; repo: readonly [string, string] | number; pr: number }
  | { kind: 'create'; repo: readonly [string, string]; pr: number }
  | { kind: 'update'; repo: readonly [string, string]; id: number }
  | { kind: 'commit-pulls'; repo: readonly [string, string]; sha: string }
  | { kind: 'user' }
  | { kind: 'graphql' }
  | { kind: 'unknown' };

/** A positive whole number as a path segment writes it, else undefined. */
function numberIn(segment: string | undefined): number | undefined {
  if (segment === undefined || !/^[1-9]\d{0,15}$/.test(segment)) return undefined;
  const value = Number(segment);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** `/repos/{owner}/{repo}/...` */
function repoEndpoint(method: string, owner: string, repo: string, rest: readonly string[]): Endpoint {
  const [first, second, third, ...more] = rest;
  const names = [owner, repo] as const;
  if (first === 'issues' && second === 'comments' && third !== undefined && more.length === 0) {
    const id = numberIn(third);
    if (method === 'PATCH' && id !== undefined) return { kind: 'update', repo: names, id };
  }
  if (first === 'issues' && third === 'comments' && more.length === 0) {
    const pr = numberIn(second);
    if (pr !== undefined && method === 'GET') return { kind: 'list', repo: names, pr };
    if (pr !== undefined && method === 'POST') return { kind: 'create', repo: names, pr };
  }
  if (first === 'commits' && second !== undefined && second !== '' && third === 'pulls' && more.length === 0) {
    if (method === 'GET') return { kind: 'commit-pulls', repo: names, sha: second };
  }
  return { kind: 'unknown' };
}

/** The endpoint of a request, from its method and its decoded path segments. */
export function endpointOf(method: string, segments: readonly string[] | undefined): Endpoint {
  if (segments === undefined) return { kind: 'unknown' };
  const [root, a, b, ...rest] = segments;
  if (root === 'repos' && a !== undefined && b !== undefined) return repoEndpoint(method, a, b, rest);
  if (root === 'repositories' && method === 'GET' && rest.length === 2 && b === 'issues' && rest[1] === 'comments') {
    const id = numberIn(a);
    const pr = numberIn(rest[0]);
    if (id !== undefined && pr !== undefined) return { kind: 'list', repo: id, pr };
  }
  if (segments.length === 1 && root === 'user' && method === 'GET') return { kind: 'user' };
  if (segments.length === 1 && root === 'graphql' && method === 'POST') return { kind: 'graphql' };
  return { kind: 'unknown' };
}

/** The route refusals and delays name, if the endpoint is one of them. */
export function routeOf(endpoint: Endpoint): GitHubRoute | undefined {
  return endpoint.kind === 'user' || endpoint.kind === 'unknown' ? undefined : endpoint.kind;
}
