import { describe, expect, it } from 'vitest';
import { FakeClock } from '../__fixtures__/fake-clock.ts';
import type { JobResult } from '../src/core/cma/cma-client.ts';
import { JobPoller, POLL_TIMING, pollDelay } from '../src/core/cma/job-poller.ts';

describe('pollDelay', () => {
  it('starts well under a second, doubles, and is capped at a few seconds', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 20].map((n) => pollDelay(n))).toEqual([
      250, 375, 563, 844, 1266, 1898, 2848, 3000, 3000,
    ]);
    expect(POLL_TIMING.firstMs).toBeLessThan(1000);
  });
});

/** A fake API where job `id` is ready `latencyMs` after the test submits it; records each poll. */
function fakeJobs(clock: FakeClock) {
  const readyAt = new Map<string, number>();
  const polls: Array<{ id: string; at: number }> = [];
  return {
    polls,
    submit: (id: string, latencyMs: number) => {
      readyAt.set(id, clock.now() + latencyMs);
      return clock.now();
    },
    get: (id: string): Promise<JobResult | undefined> => {
      polls.push({ id, at: clock.now() });
      const done = clock.now() >= (readyAt.get(id) ?? Infinity);
      return Promise.resolve(done ? { status: 200, payload: { id } } : undefined);
    },
  };
}

describe('JobPoller', () => {
  it('polls one job on the capped exponential schedule until it is done', async () => {
    const clock = new FakeClock();
    const jobs = fakeJobs(clock);
    const poller = new JobPoller(jobs.get, clock, new AbortController().signal);
    const done = poller.wait('j1', 'uploads', jobs.submit('j1', 7000));
    expect(await clock.until(done)).toEqual({ status: 200, payload: { id: 'j1' } });
    expect(jobs.polls.map((p) => p.at)).toEqual([250, 625, 1188, 2032, 3298, 5196, 8044]);
  });

  it('lets one probe learn the latency, then polls the other jobs once each', async () => {
    const clock = new FakeClock();
    const jobs = fakeJobs(clock);
    const poller = new JobPoller(jobs.get, clock, new AbortController().signal);
    const waits = Array.from({ length: 50 }, (_, i) => {
      const id = `j${i}`;
      const submittedAt = jobs.submit(id, 2000);
      return poller.wait(id, 'uploads', submittedAt);
    });
    await clock.until(Promise.all(waits));
    // The probe: 250, 625 and 1188 pending, 2032 done; the 49 others poll once at 2032.
    expect(jobs.polls).toHaveLength(3 + 1 + 49);
    expect(Math.max(...jobs.polls.map((p) => p.at))).toBe(2032);
  });

  it('learns per kind: a slow kind does not hold back a fast one', async () => {
    const clock = new FakeClock();
    const jobs = fakeJobs(clock);
    const poller = new JobPoller(jobs.get, clock, new AbortController().signal);
    const slow = poller.wait('u1', 'uploads', jobs.submit('u1', 5000));
    const fast = poller.wait('t1', 'track', jobs.submit('t1', 100));
    await clock.until(fast);
    expect(clock.now()).toBe(250);
    await clock.until(slow);
  });

  it('lets waiting jobs poll on their own when the probe learns nothing within the cap', async () => {
    const clock = new FakeClock();
    const jobs = fakeJobs(clock);
    const poller = new JobPoller(jobs.get, clock, new AbortController().signal);
    const probe = poller.wait('slow', 'uploads', jobs.submit('slow', 60_000));
    const other = poller.wait('quick', 'uploads', jobs.submit('quick', 10));
    await clock.until(other);
    expect(clock.now()).toBe(POLL_TIMING.capMs);
    await clock.until(probe);
  });

  it('stops waiting as soon as the run is aborted', async () => {
    const clock = new FakeClock();
    const jobs = fakeJobs(clock);
    const controller = new AbortController();
    const poller = new JobPoller(jobs.get, clock, controller.signal);
    const done = poller.wait('j1', 'uploads', jobs.submit('j1', 60_000));
    const second = poller.wait('j2', 'uploads', jobs.submit('j2', 60_000));
    await clock.advance(1000);
    controller.abort(new Error('deadline'));
    await expect(done).rejects.toThrow('deadline');
    await expect(second).rejects.toThrow('deadline');
    expect(clock.pendingTimers).toBe(0);
  });
});
