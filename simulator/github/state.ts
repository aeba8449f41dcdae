/** What the GitHub simulator holds: settings, comments, commits' pull requests, refusals and delays. */
import type { GitHubRequest, GitHubRoute, GitHubSimOptions, RefusalStatus, SimComment } from './types.ts';

export interface GitHubSettings {
  readonly token: string;
  readonly login: string;
  readonly installationToken: boolean;
  readonly owner: string;
  readonly repo: string;
}

export function resolveSettings(options: GitHubSimOptions): GitHubSettings {
  const repository = options.repository ?? 'octo-org/media-site';
  const [owner = '', repo = '', ...rest] = repository.split('/');
  if (owner === '' || repo === '' || rest.length > 0) throw new Error(`repository must be 'owner/repo': ${repository}`);
  const token = options.token ?? 'gh-test-token';
  if (token === '') throw new Error('token must not be empty');
  return {
    token,
    login: options.login ?? 'github-actions[bot]',
    installationToken: options.installationToken ?? true,
    owner,
    repo,
  };
}

/** GitHub's timestamps: ISO 8601 in UTC, to the second. */
export const timestamp = (date = new Date()): string => `${date.toISOString().slice(0, 19)}Z`;

/** The first comment id: GitHub's are large, and global to every issue. */
const FIRST_COMMENT_ID = 2_000_000_001;

interface Refusal {
  route: GitHubRoute;
  status: RefusalStatus;
  left: number;
}

export class GitHubState {
  readonly requests: GitHubRequest[] = [];
  private readonly byPr = new Map<number, SimComment[]>();
  private readonly prOf = new Map<number, number>();
  private readonly pulls = new Map<string, readonly number[]>();
  private readonly refusals: Refusal[] = [];
  private readonly delays = new Map<GitHubRoute, number>();
  private nextId = FIRST_COMMENT_ID;
  readonly settings: GitHubSettings;

  constructor(settings: GitHubSettings) {
    this.settings = settings;
  }

  comments(pr: number): readonly SimComment[] {
    return [...(this.byPr.get(pr) ?? [])];
  }

  comment(id: number): { pr: number; comment: SimComment } | undefined {
    const pr = this.prOf.get(id);
    const comment = pr === undefined ? undefined : this.byPr.get(pr)?.find((each) => each.id === id);
    return pr === undefined || comment === undefined ? undefined : { pr, comment };
  }

  add(pr: number, body: string, login: string): SimComment {
    if (!Number.isSafeInteger(pr) || pr < 1) throw new Error(`a pull request number is an integer ≥ 1: ${pr}`);
    const id = this.nextId++;
    const { owner, repo } = this.settings;
    const now = timestamp();
    const html_url = `https://github.com/${owner}/${repo}/pull/${pr}#issuecomment-${id}`;
    const comment: SimComment = { id, body, login, html_url, created_at: now, updated_at: now };
    this.byPr.set(pr, [...(this.byPr.get(pr) ?? []), comment]);
    this.prOf.set(id, pr);
    return comment;
  }

  update(id: number, body: string): SimComment | undefined {
    const found = this.comment(id);
    if (!found) return undefined;
    const updated: SimComment = { ...found.comment, body, updated_at: timestamp() };
    this.byPr.set(
      found.pr,
      (this.byPr.get(found.pr) ?? []).map((each) => (each.id === id ? updated : each)),
    );
    return updated;
  }

  setCommitPulls(sha: string, pulls: readonly number[]): void {
    for (const pr of pulls) {
      if (!Number.isSafeInteger(pr) || pr < 1) throw new Error(`a pull request number is an integer ≥ 1: ${pr}`);
    }
    this.pulls.set(sha, [...pulls]);
  }

  commitPulls(sha: string): readonly number[] {
    return this.pulls.get(sha) ?? [];
  }

  refuse(route: GitHubRoute, status: RefusalStatus, times = Number.POSITIVE_INFINITY): void {
    if (!(times >= 1)) throw new Error(`times must be at least 1: ${times}`);
    this.refusals.push({ route, status, left: times });
  }

  /** The status the first refusal matching `route` answers, using one of its times. */
  takeRefusal(route: GitHubRoute | undefined): RefusalStatus | undefined {
    const index = this.refusals.findIndex((each) => each.route === 'all' || each.route === route);
    const refusal = this.refusals[index];
    if (!refusal) return undefined;
    refusal.left -= 1;
    if (refusal.left <= 0) this.refusals.splice(index, 1);
    return refusal.status;
  }

  hang(route: GitHubRoute, ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new Error(`ms must be a finite number ≥ 0: ${ms}`);
    if (ms === 0) this.delays.delete(route);
    else this.delays.set(route, ms);
  }

  /** How long a request of `route` waits: the longer of its route's delay and `all`'s. */
  delayOf(route: GitHubRoute | undefined): number {
    const own = route === undefined ? 0 : (this.delays.get(route) ?? 0);
    return Math.max(own, this.delays.get('all') ?? 0);
  }
}
