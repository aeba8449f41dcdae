/**
 * Soak: 5,000 uploads under a tight rate limit with 10% of requests failing at random (HTML
 * 502/503 pages, resets, slow answers, answers lost after the API acted), seeded. Exactly the
 * requested uploads that can be deleted are deleted, nothing else, and the outputs are exact.
 */
import { afterEach, expect, it } from 'vitest';
import { act, closeSimulator, deletedUploads, ids, simulator } from '../__fixtures__/e2e.ts';

afterEach(closeSimulator);

it('deletes exactly the requested uploads and reports exact counts and failed IDs', { timeout: 120_000 }, async () => {
  const requested = ids(0, 5000);
  const undeletable = requested.filter((_, i) => i % 125 === 7); // 40 uploads the API refuses to delete
  const target = await simulator({
    uploads: 5300,
    undeletable,
    jobLatencyMs: 300,
    rateLimit: { limit: 30, windowMs: 3000 },
    randomFaults: { rate: 0.1, seed: 20261122, slowMs: 800 },
  });
  const started = performance.now();
  const run = await act(target, { 'upload-ids': requested.join('\n'), 'max-deletions': '5000' });
  const wallMs = performance.now() - started;

  const stats = target.stats();
  console.log(
    `soak: ${stats.requests} requests, ${stats.faults} faults injected, ${stats.rateLimited} 429s, ` +
      `${target.jobs().length} jobs, wall ${(wallMs / 1000).toFixed(1)} s`,
  );
  expect(run.code).toBe(0);
  const expected = requested.filter((id) => !undeletable.includes(id));
  expect(deletedUploads(target).sort()).toEqual(expected.sort());
  expect(new Set(deletedUploads(target)).size).toBe(deletedUploads(target).length);
  expect(run.outputs).toMatchObject({ successful: '4960', failed: '40' });
  expect(run.outputs['failed-ids']?.split(',').sort()).toEqual([...undeletable].sort());
  expect(stats.rateLimited).toBe(0);
  expect(stats.faults).toBeGreaterThan(0);
});
