/**
 * End-to-end: with verify, a lookup after a finished job that answers uploads nobody asked for
 * fails the run, and the summary (the action's and the command's) says so: the job finished,
 * and its deletions could not be confirmed. Not "no upload job finished".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { packedCommand, runCommand } from '../__fixtures__/command.ts';
import { act, closeSimulator, deletedUploads, errorLine, ids, simulator, TOKEN } from '../__fixtures__/e2e.ts';
import { uid } from '../__fixtures__/ids.ts';
import type { Simulator } from '../simulator/index.ts';

afterEach(closeSimulator);

/** The verify lookup (GET /uploads?filter[ids]=…) answers three uploads that were not asked for. */
async function hostileLookup(): Promise<Simulator> {
  const target = await simulator({ uploads: 3 });
  const others = ['other0', 'other1', 'other2'].map((name) => ({ type: 'upload', id: uid(name), attributes: {} }));
  target.inject({
    match: { method: 'GET', path: '/uploads' },
    status: 200,
    contentType: 'application/json',
    body: JSON.stringify({ data: others, meta: { total_count: 3 } }),
  });
  return target;
}

const UNCONFIRMED =
  '3 upload(s) a job reported deleted could not be confirmed**: their lookup failed or was not trusted (Job 1: GET /uploads answered 3 upload(s) not among the 3 IDs asked)';

describe('the action', () => {
  it('says the lookup answered uploads not asked for, so the job it followed could not be confirmed', async () => {
    const target = await hostileLookup();
    const run = await act(target, { 'upload-ids': ids(0, 3).join(','), verify: 'true' });
    expect(target.jobs()).toEqual([expect.objectContaining({ done: true })]);
    expect(deletedUploads(target)).toHaveLength(3);
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(/GET \/uploads answered 3 upload\(s\) not among the 3 IDs asked/);
    expect(run.summary).toContain(`- Verify: :x: **${UNCONFIRMED}`);
    expect(run.summary).not.toContain('no upload job finished');
  });
});

describe('the command', () => {
  const installed = packedCommand();

  it('says the same in its summary', async () => {
    const target = await hostileLookup();
    const run = await runCommand(
      installed().bin,
      ['--base-url', target.url, '--upload-ids', ids(0, 3).join(','), '--verify'],
      { env: { DATOCMS_API_TOKEN: TOKEN } },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`Verify: ${UNCONFIRMED.replace('**', '')}`);
    expect(run.stdout).not.toContain('no upload job finished');
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });
});
