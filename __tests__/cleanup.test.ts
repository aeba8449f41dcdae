/** The cleanup logic with a fake client: counts the API gets wrong, and checks that fail. */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../__fixtures__/fake-clock.ts';
import { fakeClient, uploadsJob } from '../__fixtures__/fake-client.ts';
import { runCleanup, type CleanupDeps } from '../src/core/delete/cleanup.ts';
import type { CmaClient, JobResult } from '../src/core/cma/cma-client.ts';
import { CleanupResult } from '../src/core/result/result.ts';

function deps(client: CmaClient, result: JobResult): CleanupDeps {
  const controller = new AbortController();
  return {
    client,
    poller: { wait: () => Promise.resolve(result) },
    clock: new FakeClock(),
    log: { info: () => {}, warning: () => {} },
    signal: controller.signal,
    stop: (reason) => controller.abort(reason),
  };
}

const submitted = () => Promise.resolve({ jobId: 'j1', retried: false });
const settings = { uploadIds: ['a', 'b', 'c'], uploadTracks: [], deleteEndpoint: 'auto', verify: false } as const;

describe('runCleanup', () => {
  it('checks what still exists when the job counts more than it was asked to delete', async () => {
    const client = fakeClient({
      batchDestroyUploads: submitted,
      existingUploads: () => Promise.resolve(new Set<string>()),
    });
    const result = new CleanupResult();
    await runCleanup(settings, result, deps(client, uploadsJob(5, 0)));
    expect([result.successful, result.failed]).toEqual([3, 0]);
  });

  it('checks what still exists when the job counts fewer than it was asked to delete', async () => {
    const client = fakeClient({
      batchDestroyUploads: submitted,
      existingUploads: () => Promise.resolve(new Set(['b'])),
      uploadsInUse: () => Promise.resolve(new Set<string>()),
    });
    const result = new CleanupResult();
    await runCleanup(settings, result, deps(client, uploadsJob(1, 0)));
    expect([result.successful, result.failed, result.failures]).toEqual([
      2,
      1,
      [{ id: 'b', reason: 'still exists after its job' }],
    ]);
  });

  it('keeps a finished job counted when the check after it fails', async () => {
    const client = fakeClient({
      batchDestroyUploads: submitted,
      existingUploads: () => Promise.reject(new Error('GET /uploads failed')),
    });
    const result = new CleanupResult();
    await expect(runCleanup(settings, result, deps(client, uploadsJob(2, 1)))).rejects.toThrow('GET /uploads failed');
    expect([result.successful, result.failed, result.pendingJobIds]).toEqual([2, 1, []]);
  });

  it('with verify, counts failed what a job reported deleted but still exists', async () => {
    const client = fakeClient({
      batchDestroyUploads: submitted,
      existingUploads: () => Promise.resolve(new Set(['a', 'c'])),
      uploadsInUse: () => Promise.resolve(new Set<string>()),
    });
    const result = new CleanupResult();
    await runCleanup({ ...settings, verify: true }, result, deps(client, uploadsJob(3, 0)));
    expect([result.successful, result.failedIds, result.verification]).toEqual([
      1,
      ['a', 'c'],
      { enabled: false, checked: 3, contradicted: 2 },
    ]);
  });

  it('without verify, takes a job that reports every upload deleted at its word', async () => {
    let lookups = 0;
    const client = fakeClient({
      batchDestroyUploads: submitted,
      existingUploads: () => {
        lookups += 1;
        return Promise.resolve(new Set(['a']));
      },
    });
    const result = new CleanupResult();
    await runCleanup(settings, result, deps(client, uploadsJob(3, 0)));
    expect([result.successful, lookups, result.verification.checked]).toEqual([3, 0, 0]);
  });

  it('lets what still exists decide for a job that failed: it may have deleted some first', async () => {
    const client = fakeClient({
      batchDestroyUploads: submitted,
      existingUploads: () => Promise.resolve(new Set(['c'])),
      uploadsInUse: () => Promise.resolve(new Set<string>()),
    });
    const result = new CleanupResult();
    await runCleanup(settings, result, deps(client, { status: 500, payload: { data: [] } }));
    expect([result.successful, result.failedIds]).toEqual([2, ['c']]);
  });
});
