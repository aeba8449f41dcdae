import { describe, expect, it } from 'vitest';
import { actionUses, outputs, renderSummary } from '../src/action/summary.ts';
import { CleanupResult } from '../src/core/result/result.ts';

/** A result whose selection holds `uploads` upload IDs and `tracks` tracks. */
function selected(uploads: number, tracks: number): CleanupResult {
  const result = new CleanupResult();
  result.select({
    uploadIds: Array.from({ length: uploads }, (_, i) => `up${i}`),
    uploads: undefined,
    unlisted: 0,
    tracks: Array.from({ length: tracks }, (_, i) => ({ uploadId: 'up1', trackId: `tr${i}` })),
    described: ['the upload IDs given in upload-ids'],
    notes: [],
  });
  return result;
}

function finishedRun(): CleanupResult {
  const result = selected(250, 2);
  const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `up${from + i}`);
  const first = result.startJob('101', 'uploads', ids(0, 200), 0);
  result.settle('uploads', { deleted: ids(0, 199), failures: [] }, first);
  result.settle('uploads', { deleted: [], failures: [], unknown: { ids: ['up199'], failed: 1 } });
  const second = result.startJob('102', 'uploads', ids(200, 250), 0);
  result.settle('uploads', { deleted: ids(200, 250), failures: [] }, second);
  const track = result.startJob('103', 'track', ['up1/tr0'], 0);
  result.settle('track', { deleted: ['up1/tr0'], failures: [] }, track);
  result.settle('track', { deleted: [], failures: [{ id: 'up1/tr1', reason: 'track not found' }] });
  result.notes.push('track up1/tr|9 was not found (404 NOT_FOUND)');
  return result;
}

describe('outputs', () => {
  it('adds uploads and tracks, and lists the job IDs', () => {
    expect(outputs(finishedRun())).toEqual({
      successful: '250',
      failed: '2',
      'job-ids': '101,102,103',
      'failed-ids': 'up1/tr1',
      selected: '252',
      environment: '',
      'report-file': '',
      'id-map': '',
      skipped: '0',
      'report-sha256': '',
      'comment-url': '',
    });
    expect(outputs(selected(0, 0))).toEqual({
      successful: '0',
      failed: '0',
      'job-ids': '',
      'failed-ids': '',
      selected: '0',
      environment: '',
      'report-file': '',
      'id-map': '',
      skipped: '0',
      'report-sha256': '',
      'comment-url': '',
    });
  });
});

describe('renderSummary', () => {
  it('shows what was requested, deleted and failed, the environment, the jobs and the duration', () => {
    const result = finishedRun();
    result.environment = { id: 'staging', primary: false };
    const summary = renderSummary({ result, durationMs: 3456 });
    expect(summary).toContain(':warning: 250 deleted, **2 not deleted**.');
    expect(summary).toContain('| Uploads | 250 | 249 | 1 |');
    expect(summary).toContain('| Upload tracks | 2 | 1 | 1 |');
    expect(summary).toContain('| **Total** | **252** | **250** | **2** |');
    expect(summary).toContain('- Environment: sandbox environment `staging`');
    expect(summary).toContain('- Jobs: `101`, `102`, `103`');
    expect(summary).toContain('- Duration: 3.5 s');
    expect(summary).toContain('- track up1/tr\\|9 was not found (404 NOT\\_FOUND)');
  });

  it('says when nothing was asked for, and names the primary environment', () => {
    const result = selected(0, 0);
    result.environment = { id: 'main', primary: true };
    const summary = renderSummary({ result, durationMs: 10 });
    expect(summary).toContain('Nothing to delete');
    expect(summary).toContain('### Selected');
    expect(summary).toContain('- Environment: primary environment `main`');
    expect(summary).toContain('- Jobs: none');
  });

  it('leads with the fatal error and lists the jobs still running', () => {
    const result = selected(400, 0);
    const ids = result.selection!.uploadIds;
    result.settle(
      'uploads',
      { deleted: ids.slice(0, 200), failures: [] },
      result.startJob('7', 'uploads', ids.slice(0, 200), 0),
    );
    result.startJob('8', 'uploads', ids.slice(200), 0);
    const summary = renderSummary({ result, durationMs: 1, error: 'job-timeout <b>' });
    expect(summary).toContain(':x: **Failed:** job-timeout &lt;b&gt;');
    expect(summary).toContain('- Still running: `8`');
  });

  it('caps long lists', () => {
    const result = selected(20_000, 0);
    for (let i = 0; i < 100; i++) result.startJob(String(i), 'uploads', [], 0);
    const summary = renderSummary({ result, durationMs: 1 });
    expect(summary).toContain('`49`, and 50 more');
    expect(summary).not.toContain('`50`');
  });
});

describe('renderSummary of a dry run', () => {
  it('shows a banner and the selected items with their pictures and details, the rest folded', () => {
    const result = new CleanupResult();
    result.dryRun = true;
    const uploads = Array.from({ length: 120 }, (_, i) => ({
      id: `up${i}`,
      filename: `photo_${i}.jpg`,
      size: 2_500_000,
      createdAt: '2026-01-02T03:04:05Z',
      url: `https://www.datocms-assets.com/1/photo_${i}.jpg`,
      isImage: true,
    }));
    result.select({
      uploadIds: uploads.map((u) => u.id),
      uploads,
      unlisted: 0,
      tracks: [{ uploadId: 'up1', trackId: 'tr0' }],
      described: ['uploads of the whole media library (scope: library), keeping those: tags contains "old"'],
      notes: [],
    });
    const summary = renderSummary({ result, durationMs: 1, reportFile: '/tmp/r.json' });
    expect(summary).toContain(':mag: **Dry run**: 121 upload(s) and track(s) selected, nothing deleted.');
    expect(summary).toContain(
      '- uploads of the whole media library (scope: library), keeping those: tags contains "old"',
    );
    expect(summary).toContain(
      '| <img src="https://www.datocms-assets.com/1/photo_0.jpg?w=160&amp;h=160&amp;fit=fillmax&amp;fill=solid&amp;fill-color=ffffff&amp;auto=format" width="80" height="80" alt="photo_0.jpg"> | photo\\_0.jpg<br>`up0` | 2.4 MB | 2026-01-02 |  | **selected** |',
    );
    expect(summary).toContain('<details><summary>101 more</summary>');
    expect(summary).toContain('| track | `up1/tr0` | | | | **selected** |');
  });
});

describe('renderSummary of names from the API', () => {
  it('keeps a name on its own table cell: no line break of any kind, and at most 120 characters', () => {
    const result = new CleanupResult();
    const name = `a\rb\u2028# heading${'x'.repeat(10_000)}.jpg`;
    result.select({
      uploadIds: ['u1'],
      uploads: [{ id: 'u1', filename: name, size: 1, createdAt: undefined }],
      unlisted: 0,
      tracks: [],
      described: [],
      notes: [],
    });
    const row = renderSummary({ result, durationMs: 1 })
      .split('\n')
      .find((line) => line.includes('`u1`'));
    expect(row).toMatch(
      /^\| JPG file \| a b \\#&#8203; headingx+\.\.\.<br>`u1` \| 1 B \| {2}\| {2}\| \*\*pending\*\* \|$/,
    );
    expect(row!.length).toBeLessThan(250);
  });
});

describe('actionUses', () => {
  const uses = (repository: string | undefined, ref: string | undefined) =>
    actionUses({ GITHUB_ACTION_REPOSITORY: repository, GITHUB_ACTION_REF: ref });

  it.each([
    'v1',
    'v1.2.0',
    'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00',
    'feature/x',
    'refs/heads/release/2026-q4',
    'v1.2.0+build.5',
    'fix-#12',
    'ünïcode',
  ])('names the action with the ref the step used: %s', (ref) => {
    expect(uses('acme/datocms-media-cleanup', ref)).toBe(`acme/datocms-media-cleanup@${ref}`);
  });

  it.each(['', ' ', 'a b', 'x..y', 'x@{1}', '/x', 'x/', 'a//b', 'x:y', 'x\u0007'])(
    'takes the major tag of this version for a ref git would not take: %j',
    (ref) => expect(uses('acme/datocms-media-cleanup', ref)).toBe('acme/datocms-media-cleanup@v1'),
  );

  it('is ./ without a repository (uses: ./, where the runner sets neither), never a placeholder', () => {
    expect(uses(undefined, undefined)).toBe('./');
    expect(uses('', '')).toBe('./');
    expect(uses('not a repository', 'v1')).toBe('./');
  });
});
