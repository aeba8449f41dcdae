/**
 * The event file is read once, bounded, by the action: loading `@actions/github` must not read it
 * again unchecked. A FIFO there would hang the step after its deletions.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeSimulator, deletedUploads, simulator } from '../__fixtures__/e2e.ts';
import { uid } from '../__fixtures__/ids.ts';
import { PR, runnerEnv, runWithGitHub } from '../__fixtures__/pr-comment.ts';
import { startGitHubSimulator, type GitHubSim } from '../simulator/github/index.ts';

let hub: GitHubSim | undefined;
afterEach(async () => {
  await closeSimulator();
  await hub?.close();
});

describe('an event file that cannot be read whole', () => {
  it('does not stop a run that comments on pr-number: it deletes, comments and ends as usual', async () => {
    const id = uid('fifo');
    const target = await simulator({ uploads: [{ id }, { id: uid('kept') }] });
    hub = await startGitHubSimulator();
    const fifo = join(mkdtempSync(join(tmpdir(), 'event-')), 'event.json');
    execFileSync('mkfifo', [fifo]);
    const env = { ...runnerEnv(hub, 'workflow_dispatch'), GITHUB_EVENT_PATH: fifo };
    const done = await runWithGitHub(target, { 'upload-ids': id, 'pr-number': String(PR) }, env, hub);
    expect(done.code, done.stdout).toBe(0);
    expect(deletedUploads(target)).toEqual([id]);
    expect(hub.comments(PR)).toHaveLength(1);
    expect(done.outputs['comment-url']).toMatch(/#issuecomment-\d+$/);
  });
});
