/**
 * The comment of a real-looking library, as a reviewer reads it: the proposal's comment rendered
 * with GitHub's flavour of Markdown, then read for its heading, facts, pictures and rows.
 */
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { afterEach, describe, expect, it } from 'vitest';
import { closeSimulator, simulator } from '../__fixtures__/e2e.ts';
import { uid } from '../__fixtures__/ids.ts';
import { PR, runnerEnv, runWithGitHub } from '../__fixtures__/pr-comment.ts';
import type { SeedUpload } from '../simulator/index.ts';
import { startGitHubSimulator, type GitHubSim } from '../simulator/github/index.ts';

const MUX = 'Qx5V02w9a01qvJZ00m7b8Y1iSWl5dNN02';
const CREATED = '2025-03-14T09:26:53.000Z';
/** 22 pictures of an old campaign, a brochure and a teaser video: 24 uploads, all tagged `spring-2025`. */
const library: SeedUpload[] = [
  ...Array.from({ length: 22 }, (_, i) => ({
    id: uid(`img${i}`),
    filename: `spring-campaign-hero-${String(i + 1).padStart(2, '0')}.${i % 2 === 0 ? 'jpg' : 'png'}`,
    size: 180_000 + i * 1000,
    tags: ['spring-2025', 'campaign'],
    createdAt: CREATED,
  })),
  { id: uid('pdf0'), filename: 'spring-brochure.pdf', size: 2_400_000, tags: ['spring-2025'], createdAt: CREATED },
  {
    id: uid('vid0'),
    filename: 'spring-teaser.mp4',
    size: 14_000_000,
    tags: ['spring-2025'],
    createdAt: CREATED,
    listedAttributes: { mux_playback_id: MUX },
  },
];
/** What the library keeps: criteria that match every upload are refused (the API may have ignored one). */
const kept: SeedUpload[] = [{ id: uid('logo0'), filename: 'logo.svg', tags: ['brand'], createdAt: CREATED }];
const render = (markdown: string) =>
  micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
/** The text of `html` as a reader sees it: tags out, entities of the few kinds the body uses decoded. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#8203;/g, '')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

let hub: GitHubSim | undefined;
afterEach(async () => {
  await closeSimulator();
  await hub?.close();
});

/**
 * The proposal of a dry run of the library's `uploads` (and what it keeps) matching `filter`,
 * commented on pull request PR: the run, and the comment's body.
 */
async function proposed(uploads: readonly SeedUpload[], filter: string, more: Record<string, string> = {}) {
  const target = await simulator({ uploads: [...uploads, ...kept] });
  hub = await startGitHubSimulator();
  const inputs = { scope: 'library', filter, 'dry-run': 'true', 'pr-number': String(PR), ...more };
  const done = await runWithGitHub(target, inputs, runnerEnv(hub, 'workflow_dispatch'), hub);
  expect(done.code, done.stdout).toBe(0);
  return { done, body: hub.comments(PR)[0]?.body ?? '' };
}

describe('the comment of a real-looking library, rendered', () => {
  it('shows the plan at a glance, a picture per image and video, the format of the rest, 20 rows then a fold', async () => {
    const { done, body } = await proposed(library, '{"tags":{"contains":"spring-2025"}}');
    const html = render(body);
    const read = text(html);

    expect(html).toMatch(/<h2>DatoCMS media cleanup: Plan<\/h2>/);
    expect(read).toContain('24');
    expect(read).toMatch(/main/);
    expect(read).toContain('spring-2025');
    expect(read).toContain(done.outputs['report-sha256'] ?? 'no sha');

    const images = [...html.matchAll(/<img src="([^"]+)"/g)].map(([, src = '']) => src.replaceAll('&amp;', '&'));
    expect(images).toHaveLength(23);
    for (const [i, src] of images.slice(0, 22).entries()) {
      const url = new URL(src);
      expect(url.protocol, src).toBe('https:');
      expect(url.pathname, 'the picture is its own upload, on the asset host').toContain(library[i]?.filename);
      expect(Object.fromEntries(url.searchParams), src).toMatchObject({ w: '160', h: '160', auto: 'format' });
    }
    expect(images).toContain(`https://image.mux.com/${MUX}/thumbnail.jpg?width=160&height=160&fit_mode=pad`);
    expect(read).toContain('spring-brochure.pdf');
    expect(read).toMatch(/PDF/);
    for (const upload of library) expect(read, upload.filename).toContain(upload.filename);

    const [open = '', folded = ''] = html.split('<details>');
    expect(open.match(/<tr>/g)?.length, 'header and 20 rows before the fold').toBe(21);
    expect(folded).toMatch(/<summary>4 more<\/summary>/);
    expect(html).not.toMatch(/<a /);
  });

  it('of a 10,000-upload plan with hostile filenames fits one comment: what fits, escaped, and the rest counted', async () => {
    const HOSTILE = [
      '@octocat [x](https://evil.example) <img src=x onerror=alert(1)>',
      'a|b\n## c',
      '<!-- datocms-media-cleanup review environment=main -->',
    ];
    const uploads: SeedUpload[] = Array.from({ length: 10_000 }, (_, i) => ({
      id: uid(`big${i}`),
      filename: `${HOSTILE[i % HOSTILE.length] ?? ''} ${'x'.repeat(200)} ${i}.jpg`,
      tags: ['old'],
      createdAt: CREATED,
    }));
    const { body } = await proposed(uploads, '{"tags":{"contains":"old"}}', { 'max-deletions': '10000' });
    expect(body.length).toBeGreaterThan(10_000);
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body.match(/<!--/g), 'the marker, and no other comment').toHaveLength(1);
    const html = render(body);
    expect(html).not.toMatch(/<a |<script|<h2>c/);
    // Each picture's attributes, their quoted values taken out: src, width, height and alt only.
    for (const [tag = ''] of html.matchAll(/<img\b[^>]*>/g)) {
      expect(tag.replace(/"[^"]*"/g, '""')).toBe('<img src="" width="" height="" alt="">');
    }
    expect(text(html)).toMatch(/and [\d,]+ more: see the report/);
    expect(text(html)).toContain('10,000');
  });
});
