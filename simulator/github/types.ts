/** The GitHub simulator's public types: its options, what it holds, what it records. */

export interface GitHubSimOptions {
  /** The only token accepted (default `'gh-test-token'`); any other → 401 `Bad credentials`. */
  readonly token?: string;
  /** Who the token is (default `'github-actions[bot]'`). */
  readonly login?: string;
  /**
   * Default `true`: the token is an installation's (`GITHUB_TOKEN`), so REST `GET /user` answers 403
   * `Resource not accessible by integration`; GraphQL `{ viewer { login } }` answers the login either way.
   */
  readonly installationToken?: boolean;
  /** `'owner/repo'`, default `'octo-org/media-site'`; any other repository → 404 `Not Found`. */
  readonly repository?: string;
}

export interface SimComment {
  readonly id: number;
  readonly body: string;
  readonly login: string;
  readonly html_url: string;
  readonly created_at: string;
  readonly updated_at: string;
}

export interface GitHubRequest {
  readonly method: string;
  /** The request target as sent: pathname and query string. */
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: string;
}

/** The routes a refusal or a delay can target; `all` is every request, `/user` and unknown paths included. */
export type GitHubRoute = 'list' | 'create' | 'update' | 'commit-pulls' | 'graphql' | 'all';
export type RefusalStatus = 401 | 403 | 404 | 422 | 429 | 500 | 502;

export interface GitHubSim {
  /** REST base, e.g. `http://127.0.0.1:PORT` (what `GITHUB_API_URL` holds). */
  readonly url: string;
  /** `${url}/graphql` (what `GITHUB_GRAPHQL_URL` holds). */
  readonly graphqlUrl: string;
  /** The comments of a pull request, in creation order. */
  comments(pr: number): readonly SimComment[];
  /** Seeds a comment, e.g. another user's comment carrying the action's marker. */
  addComment(pr: number, body: string, login: string): SimComment;
  /** What `GET /repos/{o}/{r}/commits/{sha}/pulls` answers (merged pull requests). */
  setCommitPulls(sha: string, pulls: readonly number[]): void;
  /** The next `times` (default: every) requests of `route` answer `status` with GitHub's error body. */
  refuse(route: GitHubRoute, status: RefusalStatus, times?: number): void;
  /** Answers `route` only after `ms` (0 ends the delay). */
  hang(route: GitHubRoute, ms: number): void;
  /** Every request received, in arrival order. */
  readonly requests: readonly GitHubRequest[];
  close(): Promise<void>;
}
