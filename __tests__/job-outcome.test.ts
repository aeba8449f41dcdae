import { describe, expect, it } from 'vitest';
import { trackOutcome, uploadsOutcome } from '../src/job-outcome.ts';

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

  it('counts every upload failed when the job failed or gave no counts', () => {
    expect(uploadsOutcome({ status: 500, payload: {} }, 7, 'Job 9')).toMatchObject({ successful: 0, failed: 7 });
    expect(uploadsOutcome({ status: 200, payload: meta('3', 1) }, 4, 'Job 9')).toMatchObject({
      successful: 0,
      failed: 4,
    });
    expect(uploadsOutcome({ status: 200, payload: null }, 4, 'Job 9').note).toMatch(/reported no counts/);
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
