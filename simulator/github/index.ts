/**
 * A simulated GitHub for the action's pull-request comment: issue comments (list with `link` paging,
 * create, update), a commit's pull requests, `GET /user` and GraphQL `viewer`, on 127.0.0.1.
 */
import { startGitHubServer } from './server.ts';
import { GitHubState, resolveSettings } from './state.ts';
import type { GitHubSim, GitHubSimOptions } from './types.ts';

export type * from './types.ts';
export { MAX_BODY_CHARACTERS } from './handlers.ts';
export { REPOSITORY_ID } from './routes.ts';

export async function startGitHubSimulator(options: GitHubSimOptions = {}): Promise<GitHubSim> {
  const state = new GitHubState(resolveSettings(options));
  const server = await startGitHubServer(state);
  return {
    url: server.url,
    graphqlUrl: `${server.url}/graphql`,
    comments: (pr) => state.comments(pr),
    addComment: (pr, body, login) => state.add(pr, body, login),
    setCommitPulls: (sha, pulls) => state.setCommitPulls(sha, pulls),
    refuse: (route, status, times) => state.refuse(route, status, times),
    hang: (route, ms) => state.hang(route, ms),
    requests: state.requests,
    close: () => server.close(),
  };
}
