/** Comments, users and pull requests as GitHub's REST API writes them. */
import type { GitHubSettings } from './state.ts';
import type { SimComment } from './types.ts';

/** `github-actions[bot]`'s real id; other logins get a stable made-up one. */
export function userIdOf(login: string): number {
  if (login === 'github-actions[bot]') return 41_898_282;
  let hash = 7;
  for (const char of login) hash = (hash * 31 + char.codePointAt(0)!) % 90_000_000;
  return 10_000_000 + hash;
}

export function userResource(login: string) {
  const id = userIdOf(login);
  return {
    login,
    id,
    node_id: `MDQ6VXNlcj${Buffer.from(String(id)).toString('base64url')}`,
    type: login.endsWith('[bot]') ? 'Bot' : 'User',
    site_admin: false,
    html_url: `https://github.com/${login.endsWith('[bot]') ? `apps/${login.slice(0, -5)}` : login}`,
  };
}

export function commentResource(base: string, settings: GitHubSettings, pr: number, comment: SimComment) {
  const { owner, repo } = settings;
  const bot = comment.login.endsWith('[bot]');
  return {
    url: `${base}/repos/${owner}/${repo}/issues/comments/${comment.id}`,
    html_url: comment.html_url,
    issue_url: `${base}/repos/${owner}/${repo}/issues/${pr}`,
    id: comment.id,
    node_id: `IC_kwDO${Buffer.from(String(comment.id)).toString('base64url')}`,
    user: userResource(comment.login),
    created_at: comment.created_at,
    updated_at: comment.updated_at,
    author_association: bot ? 'NONE' : 'CONTRIBUTOR',
    body: comment.body,
  };
}

export function pullResource(base: string, settings: GitHubSettings, pr: number, mergedAt: string) {
  const { owner, repo } = settings;
  return {
    url: `${base}/repos/${owner}/${repo}/pulls/${pr}`,
    id: 1_900_000_000 + pr,
    node_id: `PR_kwDO${Buffer.from(String(pr)).toString('base64url')}`,
    html_url: `https://github.com/${owner}/${repo}/pull/${pr}`,
    number: pr,
    state: 'closed',
    title: `Pull request #${pr}`,
    user: userResource('octocat'),
    created_at: mergedAt,
    updated_at: mergedAt,
    closed_at: mergedAt,
    merged_at: mergedAt,
  };
}
