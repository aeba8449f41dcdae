import { describe, expect, it } from 'vitest';
import { outputs, renderSummary } from '../src/report.ts';
import { CleanupResult } from '../src/result.ts';

function finishedRun(): CleanupResult {
  const result = new CleanupResult(250, 2);
  const first = result.startJob('101', 'uploads', 200);
  result.add('uploads', 199, 1, first);
  const second = result.startJob('102', 'uploads', 50);
  result.add('uploads', 50, 0, second);
  const track = result.startJob('103', 'track', 1);
  result.add('track', 1, 0, track);
  result.add('track', 0, 1);
  result.notes.push('track up1/tr|9 was not found (404 NOT_FOUND)');
  return result;
}

describe('outputs', () => {
  it('adds uploads and tracks, and lists the job IDs', () => {
    expect(outputs(finishedRun())).toEqual({
      successful: '250',
      failed: '2',
      'job-ids': '101,102,103',
      'failed-ids': '',
    });
    expect(outputs(new CleanupResult(0, 0))).toEqual({ successful: '0', failed: '0', 'job-ids': '', 'failed-ids': '' });
  });
});

describe('renderSummary', () => {
  it('shows what was requested, deleted and failed, the environment, the jobs and the duration', () => {
    const summary = renderSummary({ result: finishedRun(), environment: 'staging', durationMs: 3456 });
    expect(summary).toContain(':warning: 250 deleted, **2 not deleted**.');
    expect(summary).toContain('| Uploads | 250 | 249 | 1 |');
    expect(summary).toContain('| Upload tracks | 2 | 1 | 1 |');
    expect(summary).toContain('| **Total** | **252** | **250** | **2** |');
    expect(summary).toContain('- Environment: `staging`');
    expect(summary).toContain('- Jobs: `101`, `102`, `103`');
    expect(summary).toContain('- Duration: 3.5 s');
    expect(summary).toContain('- track up1/tr\\|9 was not found (404 NOT\\_FOUND)');
  });

  it('says when nothing was asked for, and names the primary environment', () => {
    const summary = renderSummary({ result: new CleanupResult(0, 0), environment: undefined, durationMs: 10 });
    expect(summary).toContain('Nothing to delete');
    expect(summary).toContain('- Environment: primary');
    expect(summary).toContain('- Jobs: none');
  });

  it('leads with the fatal error and lists the jobs still running', () => {
    const result = new CleanupResult(400, 0);
    result.add('uploads', 200, 0, result.startJob('7', 'uploads', 200));
    result.startJob('8', 'uploads', 200);
    const summary = renderSummary({ result, environment: undefined, durationMs: 1, error: 'job-timeout <b>' });
    expect(summary).toContain(':x: **Failed:** job-timeout \\<b\\>');
    expect(summary).toContain('- Still running: `8`');
  });

  it('caps long lists', () => {
    const result = new CleanupResult(20_000, 0);
    for (let i = 0; i < 100; i++) result.startJob(String(i), 'uploads', 200);
    const summary = renderSummary({ result, environment: undefined, durationMs: 1 });
    expect(summary).toContain('`49`, and 50 more');
    expect(summary).not.toContain('`50`');
  });
});
