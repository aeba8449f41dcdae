import { describe, expect, it } from 'vitest';
import { reconcile, trackOutcome, uploadsOutcome } from '../src/core/delete/job-outcome.ts';

const meta = (successful: unknown, failed: unknown) => ({ data: [], meta: { successful, failed } });

describe('uploadsOutcome', () => {
  it('takes the counts from the job meta', () => {
    expect(uploadsOutcome({ status: 200, payload: meta(20, 0) }, 20, 'Job 1')).toEqual({ successful: 20, failed: 0 });
    expect(uploadsOutcome({ status: 200, payload: meta(18, 2) }, 20, 'Job 1')).toMatchObject({
      successful: 18,
      failed: 2,
    });
  });

  it('notes counts that do not add up to what was requested', () => {
    const outcome = uploadsOutcome({ status: 200, payload: meta(3, 0) }, 5, 'Job 1');
    expect(outcome).toMatchObject({ successful: 3, failed: 0 });
    expect(outcome.note).toMatch(/Job 1 counted 3 deleted and 0 failed for 5/);
  });

  it('leaves a failed job to what still exists: it may have deleted some first', () => {
    expect(uploadsOutcome({ status: 500, payload: {} }, 7, 'Job 9')).toMatchObject({
      successful: 0,
      failed: 7,
      countsIgnored: 'it failed with status 500',
    });
  });

  it.each([
    ['no counts', null, /reported no counts/],
    ['null counts', meta(null, null), /its counts \(null deleted, null failed\)/],
    ['a count in a string', meta('3', 1), /counts \(a string deleted, 1 failed\) are not whole numbers/],
    ['a negative count', meta(-1, 5), /counts \(-1 deleted, 5 failed\) are not whole numbers/],
    ['a fraction', meta(2.5, 1.5), /not whole numbers/],
    ['more than sent', meta(4, 1), /counted 4 deleted and 1 failed, more than the 4 upload\(s\) sent/],
  ])('ignores %s, leaving what still exists to decide', (_name, payload, why) => {
    const outcome = uploadsOutcome({ status: 200, payload }, 4, 'Job 9');
    expect(outcome.countsIgnored).toMatch(why);
  });
});

describe('reconcile', () => {
  it('lets what still exists decide when the counts were ignored', () => {
    const outcome = uploadsOutcome({ status: 200, payload: meta(-5, 10) }, 5, 'Job 2');
    const checked = reconcile(['a', 'b', 'c', 'd', 'e'], outcome, new Set(['e']), new Set(), false, 'Job 2');
    expect([checked.deleted, checked.failures]).toEqual([
      ['a', 'b', 'c', 'd'],
      [{ id: 'e', reason: 'still exists after its job' }],
    ]);
    expect(checked.note).toMatch(/^Job 2: its counts were ignored \(its counts .*\); what still exists decides: 4 of/);
  });
});

describe('trackOutcome', () => {
  it('counts a 2xx job as deleted and anything else as failed', () => {
    expect(trackOutcome({ status: 200, payload: {} }, 'x')).toEqual({ successful: 1, failed: 0 });
    expect(trackOutcome({ status: 204, payload: {} }, 'x')).toEqual({ successful: 1, failed: 0 });
    expect(trackOutcome({ status: 422, payload: {} }, 'Job 3')).toMatchObject({ successful: 0, failed: 1 });
  });
});

describe('uploadsOutcome notes', () => {
  it('says why uploads may have failed', () => {
    expect(uploadsOutcome({ status: 200, payload: meta(18, 2) }, 20, 'Job 1').note).toBe(
      'Job 1: 2 of 20 upload(s) not deleted (unknown IDs, or uploads the API refused to delete)',
    );
  });
});
