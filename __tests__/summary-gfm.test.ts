/**
 * The job summary as GitHub shows it: rendered with micromark and its GFM extension (a faithful
 * implementation of GitHub's Markdown), HTML allowed as GitHub allows it in summaries. The tables
 * must be tables with the right cells, and text the API or the user hands back must stay text.
 */
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import { renderSummary } from '../src/action/summary.ts';
import { CleanupResult } from '../src/core/result/result.ts';

const render = (markdown: string) =>
  micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });

/** The cells of each table of `html`, row by row, as text. */
function tables(html: string): string[][][] {
  return [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map(([, table = '']) =>
    [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(([, row = '']) =>
      [...row.matchAll(/<t[hd](?: [^>]*)?>([\s\S]*?)<\/t[hd]>/g)].map(([, cell = '']) => cell),
    ),
  );
}

/** Everything a hostile filename, note or error can try in Markdown on GitHub. */
const HOSTILE = [
  '[click me](https://evil.example/phish)',
  '![pixel](https://evil.example/p.png)',
  '<img src=x onerror=alert(1)>',
  '<a href="https://evil.example">x</a>',
  '<script>alert(1)</script>',
  'https://evil.example/bare',
  'www.evil.example',
  'mail someone@evil.example',
  '**bold** _em_ ~~gone~~ `code`',
  '| a | b |',
  'line\n# Heading\n- item',
  '&lt;b&gt; &#60;i&#62;',
  '<!-- comment -->',
  '\\`escaped\\`',
  'invoice\u202Efdp.exe', // a bidi override: shows as "invoiceexe.pdf"
];

function hostileRun(): CleanupResult {
  const result = new CleanupResult();
  result.environment = { id: 'main', primary: true };
  result.select({
    uploadIds: HOSTILE.map((_, i) => `up${i}`),
    uploads: HOSTILE.map((filename, i) => ({ id: `up${i}`, filename, size: 2048, createdAt: '2026-01-02T00:00:00Z' })),
    unlisted: 0,
    tracks: [{ uploadId: 'up0', trackId: 'tr0', name: HOSTILE.join(' ') }],
    described: [`matching the text ${JSON.stringify(HOSTILE[0])}`],
    notes: [HOSTILE[1] ?? ''],
  });
  const job = result.startJob('101', 'uploads', ['up0', 'up1'], 0);
  result.settle('uploads', { deleted: ['up0'], failures: [{ id: 'up1', reason: 'in use by records' }] }, job);
  for (const text of HOSTILE) result.notes.push(`track refused: ${text}`);
  return result;
}

describe('the job summary on GitHub', () => {
  const html = render(
    renderSummary({
      result: hostileRun(),
      durationMs: 1234,
      error: HOSTILE.join(' '),
      reportFile: '/tmp/r`[x](y).json',
    }),
  );

  it('shows its tables as tables, with the right cells', () => {
    const [counts, uploads] = tables(html);
    expect(counts).toEqual([
      ['', 'Selected', 'Deleted', 'Failed'],
      ['Uploads', '15', '1', '1'],
      ['Upload tracks', '1', '0', '0'],
      ['<strong>Total</strong>', '<strong>16</strong>', '<strong>1</strong>', '<strong>1</strong>'],
    ]);
    expect(uploads?.[0]).toEqual(['Picture', 'File', 'Size', 'Created', 'Tags', 'Fate']);
    expect(uploads?.length).toBe(HOSTILE.length + 2); // the head, each upload, the track
    expect(counts?.[1]).toEqual(['Uploads', String(HOSTILE.length), '1', '1']);
    for (const row of uploads?.slice(1) ?? []) expect(row).toHaveLength(6);
    expect(uploads?.[10]?.[1]).toBe('| a | b |<br><code>up9</code>'); // a pipe in a name stays in its cell
  });

  it('lets no text from the API or the user become a link, an image, HTML or markup', () => {
    expect(html).not.toMatch(/<a |<img|<script|<!--|<h1|<del|<em>/);
    expect(html).not.toMatch(/<strong>bold/);
    expect(html).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200C-\u200F]/);
    // The only zero-width spaces are the escape's own: after `@` and `#`, or cutting a run of hex digits.
    expect(html.replace(/(?<=[@#0-9a-f])\u200B/gi, '')).not.toContain('\u200B');
    // What is not markup is shown as the reader's text.
    expect(html).toContain('[click me](https://evil.example/phish)');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('https://evil.example/bare');
  });

  it('keeps the markup it means: headings, lists, bold totals, code spans', () => {
    expect(html).toMatch(/<h2>DatoCMS media cleanup<\/h2>/);
    expect(html).toMatch(/<h3>Not deleted<\/h3>/);
    expect(html).toContain('<code>up1</code>');
    expect(html).toContain('<li>Environment: primary environment <code>main</code></li>');
  });
});
