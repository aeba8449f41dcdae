/**
 * End-to-end, the pull-request comment: the bundle run as the runner runs it, against the CMA
 * simulator and the GitHub simulator. One comment per pull request and environment, updated in
 * place through the propose, review and apply-on-merge flows; another user's marked comment left
 * alone; a refused comment a warning that changes nothing else; nothing sent to GitHub without a
 * pull request or with pr-comment off; each token sent only where it belongs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeSimulator, deletedUploads, simulator } from '../__fixtures__/e2e.ts';
import { BOT, PR, runnerEnv, runWithGitHub, SHA } from '../__fixtures__/pr-comment.ts';
import { uids } from '../__fixtures__/ids.ts';
import type { SeedUpload, Simulator } from '../simulator/index.ts';
import { startGitHubSimulator, type GitHubSim } from '../simulator/github/index.ts';
import { reviewMarker } from '../src/core/review/review-body.ts';

const OBSOLETE = uids('p0', 'p1', 'p2');
const seeds: SeedUpload[] = [
  ...OBSOLETE.map((id) => ({ id, tags: ['obsolete'], createdAt: '2025-01-01T00:00:00.000Z' })),
  { id: uids('keep')[0] ?? '', tags: ['keep'], createdAt: '2025-01-01T00:00:00.000Z' },
];
const CRITERIA = { scope: 'library', filter: '{"tags":{"contains":"obsolete"}}' };

let gh: GitHubSim | undefined;
afterEach(async () => {
  await closeSimulator();
  await gh?.close();
  gh = undefined;
});

async function github(): Promise<GitHubSim> {
  gh = await startGitHubSimulator();
  return gh;
}

/** A dry run by criteria that proposes a plan on pull request PR; returns the plan's path and SHA-256. */
async function propose(target: Simulator, hub: GitHubSim) {
  const path = join(mkdtempSync(join(tmpdir(), 'plan-')), 'plan.json');
  const inputs = { ...CRITERIA, 'dry-run': 'true', 'report-file': path, 'pr-number': String(PR) };
  const done = await runWithGitHub(target, inputs, runnerEnv(hub, 'workflow_dispatch'), hub);
  expect(done.code, done.stdout).toBe(0);
  return { path, sha: done.outputs['report-sha256'] ?? '', run: done };
}

const methods = (hub: GitHubSim) => hub.requests.map((request) => `${request.method} ${request.path.split('?')[0]}`);

describe('the comment through a plan', () => {
  it('is written by the proposal, updated in place by the review and by the apply on merge', async () => {
    const target = await simulator({ uploads: seeds });
    const hub = await github();
    const proposal = await propose(target, hub);
    const [written] = hub.comments(PR);
    expect(written?.login).toBe(BOT);
    expect(written?.body.split('\n').slice(0, 2)).toEqual([reviewMarker('main'), '## DatoCMS media cleanup: Plan']);
    expect(proposal.run.outputs['comment-url']).toBe(written?.html_url);
    expect(proposal.run.stdout).toContain(`Commented on pull request #${PR}: ${written?.html_url}`);
    expect(proposal.run.summary).toContain(`Pull request comment: ${written?.html_url}`);
    expect(methods(hub)).toEqual([
      'POST /graphql',
      `GET /repos/octo-org/media-site/issues/${PR}/comments`,
      `POST /repos/octo-org/media-site/issues/${PR}/comments`,
    ]);

    const plan = { 'plan-file': proposal.path, 'plan-sha256': proposal.sha };
    const pullRequest = runnerEnv(hub, 'pull_request', { pull_request: { number: PR } });
    const review = await runWithGitHub(target, { ...plan, 'dry-run': 'true' }, pullRequest, hub);
    expect(review.code, review.stdout).toBe(0);
    expect(hub.comments(PR).map((comment) => comment.id)).toEqual([written?.id]);
    expect(review.outputs['comment-url']).toBe(written?.html_url);
    expect(hub.comments(PR)[0]?.body).toContain('## DatoCMS media cleanup: Re-check');
    expect(methods(hub).at(-1)).toBe(`PATCH /repos/octo-org/media-site/issues/comments/${written?.id}`);

    hub.setCommitPulls(SHA, [PR]);
    const merged = await runWithGitHub(target, plan, runnerEnv(hub, 'push'), hub);
    expect(merged.code, merged.stdout).toBe(0);
    expect(deletedUploads(target).sort()).toEqual([...OBSOLETE].sort());
    expect(methods(hub)).toContain(`GET /repos/octo-org/media-site/commits/${SHA}/pulls`);
    expect(hub.comments(PR).map((comment) => comment.id)).toEqual([written?.id]);
    expect(merged.outputs['comment-url']).toBe(written?.html_url);
    expect(hub.comments(PR)[0]?.body).toContain('## DatoCMS media cleanup: Outcome');
    expect(hub.comments(PR)[0]?.body).toContain('**3 deleted**');
  });

  it('writes nothing when the pushed commit was merged by no pull request (an info line)', async () => {
    const target = await simulator({ uploads: seeds });
    const hub = await github();
    const { path, sha } = await propose(target, hub);
    const before = hub.requests.length;
    const merged = await runWithGitHub(target, { 'plan-file': path, 'plan-sha256': sha }, runnerEnv(hub, 'push'), hub);
    expect(merged.code).toBe(0);
    expect(merged.outputs['comment-url']).toBe('');
    expect(merged.stdout).toMatch(/No pull request comment: GitHub lists no merged pull request for commit c0ffee/);
    expect(methods(hub).slice(before)).toEqual([`GET /repos/octo-org/media-site/commits/${SHA}/pulls`]);
  });
});

describe('finding its own comment', () => {
  it("leaves another user's comment alone, even with the marker copied into it", async () => {
    const target = await simulator({ uploads: seeds });
    const hub = await github();
    await propose(target, hub);
    const own = hub.comments(PR)[0];
    const forged = hub.addComment(PR, `${own?.body ?? ''}\n![x](https://evil.example/x.png)`, 'mallory');
    const again = await propose(target, hub);
    expect(hub.comments(PR).map((comment) => [comment.id, comment.login])).toEqual([
      [own?.id, BOT],
      [forged.id, 'mallory'],
    ]);
    expect(hub.comments(PR)[1]?.body).toBe(forged.body);
    expect(again.run.outputs['comment-url']).toBe(own?.html_url);
  });

  it('pages through a pull request of 300 comments to find it on the last page', async () => {
    const target = await simulator({ uploads: seeds });
    const hub = await github();
    for (let i = 0; i < 299; i++) hub.addComment(PR, `comment ${i}`, i % 2 === 0 ? 'octocat' : BOT);
    await propose(target, hub);
    const own = hub.comments(PR)[299];
    expect(own?.login).toBe(BOT);
    const before = hub.requests.length;
    const again = await propose(target, hub);
    expect(again.run.outputs['comment-url']).toBe(own?.html_url);
    expect(hub.comments(PR)).toHaveLength(300);
    const lists = hub.requests.slice(before).filter((request) => request.method === 'GET');
    expect(lists.map((request) => new URL(request.path, 'http://x').searchParams.get('page'))).toEqual(['1', '2', '3']);
  });
});
