/** Building a request to the CMA: where and as whom it goes (headers), and its URL with the query. */

/** Where and as whom to send; built from the settings. */
export interface CmaTarget {
  readonly baseUrl: string;
  readonly apiToken: string;
  readonly environment: string | undefined;
  readonly userAgent: string;
}

/** The headers of every request to a target: with `X-Environment` when it names one, and without. */
export interface TargetHeaders {
  /** For a project-wide read (the environments themselves): never `X-Environment`. */
  readonly projectWide: Readonly<Record<string, string>>;
  /** For every other request: `X-Environment` when the target names an environment. */
  readonly scoped: Readonly<Record<string, string>>;
}

export function targetHeaders(target: CmaTarget): TargetHeaders {
  const projectWide: Record<string, string> = {
    authorization: `Bearer ${target.apiToken}`,
    accept: 'application/json',
    'x-api-version': '3',
    'user-agent': target.userAgent,
  };
  const scoped =
    target.environment === undefined ? projectWide : { ...projectWide, 'x-environment': target.environment };
  return { projectWide, scoped };
}

/** `baseUrl` and `path`, with `query` (a list is sent as the key repeated, once per value). */
export function buildUrl(
  baseUrl: string,
  path: string,
  query: Readonly<Record<string, string | readonly string[]>> = {},
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const one of typeof value === 'string' ? [value] : value) params.append(key, one);
  }
  const search = params.toString();
  return `${baseUrl}${path}${search === '' ? '' : `?${search}`}`;
}
