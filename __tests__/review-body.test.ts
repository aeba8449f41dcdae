/** The review as GitHub shows it: what it is of, its counts, its pictures, and a body that always fits a comment. */
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import type { UploadInfo } from '../src/core/cma/upload-listing.ts';
import { CleanupResult } from '../src/core/result/result.ts';
import { REVIEW_MAX_CHARS, reviewMarkdown, reviewMarker, type ReviewContext } from '../src/core/review/review-body.ts';

const render = (markdown: string) =>
  micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
const ASSET = 'https://www.datocms-assets.com/205';
const SHA = 'ab'.repeat(32);
const MARKER = '<!-- datocms-media-cleanup review environment=main -->';
const CONTEXT: ReviewContext = {
  criteria: ['not used by any record', 'tags contains "@octocat"'],
  environment: undefined,
  report: { path: '/tmp/plan.json', sha256: SHA },
  startedAt: new Date('2026-03-01T10:00:00Z'),
  tool: { name: 'datocms-media-cleanup', version: '1.0.0' },
};

/** Upload `i`: an image, or every third a Mux video. */
function upload(i: number, filename = `photo-${i}.jpg`): UploadInfo {
  const video = i % 3 === 2;
  return {
    id: `u${i}`,
    filename,
    size: 1024 * (i + 1),
    createdAt: '2026-01-02T03:04:05Z',
    url: `${ASSET}/${i}-${encodeURIComponent(filename)}`,
    tags: ['old', '@octocat'],
    isImage: !video,
    muxPlaybackId: video ? `mux${i}` : undefined,
  };
}

/** A dry run's selection of `n` uploads and a track. */
function dryRun(n: number, filename?: (i: number) => string, dry = true): CleanupResult {
  const result = new CleanupResult();
  result.dryRun = dry;
  result.environment = { id: 'main', primary: true };
  const uploads = Array.from({ length: n }, (_, i) => upload(i, filename?.(i)));
  result.select({
    uploadIds: uploads.map((u) => u.id),
    uploads,
    unlisted: 0,
    tracks: [{ uploadId: 'u0', trackId: 't0', name: 'subs @octocat' }],
    described: [],
    notes: [],
  });
  return result;
}

/** The cells of each table of `html`, row by row. */
function tables(html: string): string[][][] {
  return [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map(([, table = '']) =>
    [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(([, row = '']) =>
      [...row.matchAll(/<t[hd](?: [^>]*)?>([\s\S]*?)<\/t[hd]>/g)].map(([, cell = '']) => cell),
    ),
  );
}

/** The plan /w/plan.json applied, sealed, with `removed` items taken out of it since. */
function appliedPlan(removed: number): NonNullable<CleanupResult['plan']> {
  return {
    file: 'plan.json',
    path: '/w/plan.json',
    sha256: SHA,
    madeAt: new Date('2026-02-01T00:00:00Z'),
    uploads: [],
    tracks: [],
    binding: 'seal',
    removed,
  };
}

/** What a person sees: links and pictures only where the review put them. */
function expectSafe(markdown: string, marker = MARKER): string {
  expect(markdown.indexOf(marker)).toBe(0);
  expect(markdown.indexOf('<!--', 1)).toBe(-1);
  const html = render(markdown);
  expect(html).not.toMatch(/<a |<script|<iframe|<h1/);
  for (const [, src = ''] of html.matchAll(/<img src="([^"]*)"/g)) {
    expect(src).toMatch(
      /^(https:\/\/www\.datocms-assets\.com\/205\/|https:\/\/image\.mux\.com\/mux\d+\/thumbnail\.jpg\?)/,
    );
  }
  for (const table of tables(html)) for (const row of table) expect(row).toHaveLength(6);
  return html;
}

describe('a review', () => {
  it('of a dry run is a Plan: counts and size, environment, criteria, SHA-256 and date, then the pictures', () => {
    const markdown = reviewMarkdown(dryRun(3), CONTEXT);
    const html = expectSafe(markdown);
    expect(markdown).toContain('## DatoCMS media cleanup: Plan');
    expect(markdown).toContain('**3 upload(s) and 1 track(s) to delete** (6.0 KB); nothing deleted yet.');
    expect(markdown).toContain('- Environment: primary environment `main`');
    expect(markdown).toContain('  - tags contains "@&#8203;octocat"');
    expect(markdown).toContain(
      `- Plan: this dry run's report: \`/tmp/plan.json\`, SHA-256 \`${SHA}\`, made 2026-03-01T10:00:00.000Z`,
    );
    const [table] = tables(html);
    expect(table?.[0]).toEqual(['Picture', 'File', 'Size', 'Created', 'Tags', 'Fate']);
    expect(table?.[1]?.[0]).toBe(
      `<img src="${ASSET}/0-photo-0.jpg?w=160&amp;h=160&amp;fit=fillmax&amp;fill=solid&amp;fill-color=ffffff&amp;auto=format" width="80" height="80" alt="photo-0.jpg">`,
    );
    expect(table?.[3]?.[0]).toContain(
      'src="https://image.mux.com/mux2/thumbnail.jpg?width=160&amp;height=160&amp;fit_mode=pad"',
    );
    expect(table?.[1]?.slice(1)).toEqual([
      'photo-0.jpg<br><code>u0</code>',
      '1.0 KB',
      '2026-01-02',
      'old, @\u200Boctocat',
      '<strong>selected</strong>',
    ]);
    expect(table?.[4]?.slice(0, 2)).toEqual(['track', 'subs @\u200Boctocat<br><code>u0/t0</code>']);
  });

  it('shows 20 rows, folds the rest into a collapsed <details>', () => {
    const markdown = reviewMarkdown(dryRun(30), CONTEXT);
    const html = expectSafe(markdown);
    const [open, folded] = tables(html);
    expect(open).toHaveLength(21);
    expect(markdown).toContain('<details><summary>11 more</summary>');
    expect(folded).toHaveLength(12);
    expect(html).not.toContain('see the report');
  });

  it('of a dry run that re-checks a plan is a Re-check, with the skipped items and their reason', () => {
    const result = new CleanupResult();
    result.dryRun = true;
    result.plan = appliedPlan(0);
    result.select({
      uploadIds: ['u0'],
      uploads: [upload(0)],
      unlisted: 0,
      tracks: [],
      described: [],
      notes: [],
      skipped: [{ kind: 'upload', id: 'u1', reason: 'in use by records', listed: upload(1) }],
    });
    const markdown = reviewMarkdown(result, { ...CONTEXT, environment: 'staging' });
    const html = expectSafe(markdown, '<!-- datocms-media-cleanup review environment=staging -->');
    expect(markdown.split('\n')[0]).toBe('<!-- datocms-media-cleanup review environment=staging -->');
    expect(markdown).toContain('## DatoCMS media cleanup: Re-check');
    expect(markdown).toContain(
      '**1 upload(s) and 0 track(s) of the plan still qualify** (1.0 KB); 1 skipped (changed since the plan); nothing deleted yet.',
    );
    expect(markdown).toContain(`- Plan: \`/w/plan.json\`, SHA-256 \`${SHA}\`, made 2026-02-01T00:00:00.000Z`);
    expect(markdown).toContain('- Environment: environment `staging` (not looked up)');
    expect(tables(html)[0]?.[2]?.[5]).toBe('<strong>skipped</strong>: in use by records');
  });

  it('of a plan a reviewer took lines out of counts them as removed from the plan, kept', () => {
    const result = new CleanupResult();
    result.dryRun = true;
    result.plan = appliedPlan(2);
    result.select({ uploadIds: ['u0'], uploads: [upload(0)], unlisted: 0, tracks: [], described: [], notes: [] });
    const markdown = reviewMarkdown(result, { ...CONTEXT, environment: 'staging' });
    expectSafe(markdown, '<!-- datocms-media-cleanup review environment=staging -->');
    expect(markdown).toContain('- Removed from the plan since it was made: **2** item(s), kept (never deleted)');
  });

  it('of an apply is an Outcome: deleted and not deleted, each failure with its reason', () => {
    const result = dryRun(3, undefined, false);
    const job = result.startJob('j1', 'uploads', ['u0', 'u1'], 0);
    result.settle('uploads', { deleted: ['u0'], failures: [{ id: 'u1', reason: 'in use by records' }] }, job);
    const markdown = reviewMarkdown(result, { ...CONTEXT, error: 'job timeout <b>@octocat</b>' });
    const html = expectSafe(markdown);
    expect(markdown).toContain('## DatoCMS media cleanup: Outcome');
    expect(markdown).toContain(':x: **Failed:** job timeout &lt;b&gt;@&#8203;octocat&lt;/b&gt;');
    expect(markdown).toContain('**1 deleted** (1.0 KB), **1 not deleted**; 2 pending or unknown (see the report).');
    const fates = tables(html)[0]
      ?.slice(1)
      .map((row) => row[5]);
    expect(fates).toEqual([
      '<strong>deleted</strong>',
      '<strong>failed</strong>: in use by records',
      '<strong>pending</strong>',
      '<strong>pending</strong>',
    ]);
  });

  it('has a marker no environment can break out of', () => {
    expect(reviewMarker('main')).toBe(MARKER);
    expect(reviewMarker('x --> <script>alert(1)</script>')).toBe(
      '<!-- datocms-media-cleanup review environment=x_-___script_alert_1___script_ -->',
    );
    expect(reviewMarker('')).toBe('<!-- datocms-media-cleanup review environment=primary -->');
  });
});

describe('a review of a large run', () => {
  /** Long names made of everything that expands when escaped. */
  const hostile = (i: number) => `${i} @octocat <!-- x --> [a](https://evil) |${'@|<&#`_'.repeat(300)}.png`;

  it.each([10_000, 100_000])('of %i items fits a comment, a valid table, the rest counted', (n) => {
    const markdown = reviewMarkdown(dryRun(n, hostile), CONTEXT);
    expect(markdown.length).toBeLessThanOrEqual(REVIEW_MAX_CHARS);
    const html = expectSafe(markdown);
    const rows = tables(html).reduce((sum, table) => sum + table.length - 1, 0);
    expect(rows).toBeGreaterThanOrEqual(10); // each row holds its picture's long address
    const rest = /and ([\d,]+) more: see the report `\/tmp\/plan.json`/.exec(markdown)?.[1];
    expect(Number(rest?.replace(/,/g, ''))).toBe(n + 1 - rows);
    expect(markdown.trimEnd().endsWith('<sub>datocms-media-cleanup 1.0.0</sub>')).toBe(true);
  });

  it('stays within any smaller limit it is given', () => {
    for (const most of [2_000, 5_000, 20_000]) {
      const markdown = reviewMarkdown(dryRun(500, hostile), CONTEXT, most);
      expect(markdown.length).toBeLessThanOrEqual(most);
      expectSafe(markdown);
    }
  });
});
