/** A review's pictures and escaping: thumbnails only over https from the upload's own host or Mux, text only as text. */
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import { uploadInfo } from '../src/core/cma/upload-listing.ts';
import { escape } from '../src/core/review/markdown.ts';
import { IMGIX_PARAMS, MUX_PARAMS, imageThumbnail, pictureOf } from '../src/core/review/thumbnail.ts';

const render = (markdown: string) =>
  micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
const ASSET = 'https://www.datocms-assets.com/205';

describe('the listed attributes a picture needs', () => {
  it('keeps mime_type, format, is_image and mux_playback_id when they have their shape, and nothing else', () => {
    const info = uploadInfo('u1', {
      filename: 'a.mp4',
      mime_type: 'video/mp4',
      format: 'mp4',
      is_image: false,
      mux_playback_id: 'a1B2c3D4e5F6g7H8i9J0',
    });
    expect(info).toMatchObject({
      mimeType: 'video/mp4',
      format: 'mp4',
      isImage: false,
      muxPlaybackId: 'a1B2c3D4e5F6g7H8i9J0',
    });
    const hostile = uploadInfo('u2', {
      filename: 'b',
      mime_type: 'text/html"><script>',
      format: 'jpg?x=1',
      is_image: 'true',
      mux_playback_id: '../../evil.example/x?',
    });
    expect(hostile).toMatchObject({
      mimeType: undefined,
      format: undefined,
      isImage: undefined,
      muxPlaybackId: undefined,
    });
    expect(uploadInfo('u3', { mux_playback_id: 'x'.repeat(101) }).muxPlaybackId).toBeUndefined();
  });
});

describe('a thumbnail', () => {
  it("is the image's own address with imgix's resize parameters in place of its query", () => {
    expect(imageThumbnail(`${ASSET}/1570696780-example.jpg`)).toBe(`${ASSET}/1570696780-example.jpg?${IMGIX_PARAMS}`);
    expect(imageThumbnail(`${ASSET}/a.png?w=4000&dl=1#frag`)).toBe(`${ASSET}/a.png?${IMGIX_PARAMS}`);
    expect(IMGIX_PARAMS).toBe('w=160&h=160&fit=fillmax&fill=solid&fill-color=ffffff&auto=format');
  });

  it('keeps the address inside its attribute: quotes, pipes and spaces are percent-encoded', () => {
    const src = imageThumbnail(`${ASSET}/a"b|c d'e<f>.png`);
    expect(src).toBe(`${ASSET}/a%22b%7Cc%20d%27e%3Cf%3E.png?${IMGIX_PARAMS}`);
  });

  it.each([
    'http://www.datocms-assets.com/205/a.png',
    'javascript:alert(1)//a.png',
    'data:image/png;base64,AAAA',
    '//www.datocms-assets.com/205/a.png',
    'https://user:pass@www.datocms-assets.com/205/a.png',
    'https://[::1]/a.png',
    'ftp://www.datocms-assets.com/a.png',
    'not a url',
  ])('is refused for %s: no picture, the format instead', (url) => {
    expect(imageThumbnail(url)).toBeUndefined();
    expect(pictureOf({ id: 'u', filename: 'a.png', size: 1, createdAt: undefined, url, isImage: true })).toEqual({
      kind: 'file',
      words: 'PNG file',
    });
  });

  it("of a video is Mux's, from its playback ID", () => {
    const video = { id: 'v', filename: 'clip.mp4', size: 1, createdAt: undefined, url: `${ASSET}/clip.mp4` };
    expect(pictureOf({ ...video, isImage: false, muxPlaybackId: 'abc123' })).toEqual({
      kind: 'video',
      src: `https://image.mux.com/abc123/thumbnail.jpg?${MUX_PARAMS}`,
    });
    expect(MUX_PARAMS).toBe('width=160&height=160&fit_mode=pad');
    expect(pictureOf({ ...video, isImage: false, muxPlaybackId: 'a/../b' })).toEqual({
      kind: 'file',
      words: 'MP4 file',
    });
  });

  it('of another file is its format in words: the listed one, else the extension', () => {
    const file = { id: 'f', size: 1, createdAt: undefined, url: `${ASSET}/x`, isImage: false };
    expect(pictureOf({ ...file, filename: 'report.pdf', format: 'pdf' })).toEqual({ kind: 'file', words: 'PDF file' });
    expect(pictureOf({ ...file, filename: 'notes.TXT' })).toEqual({ kind: 'file', words: 'TXT file' });
    expect(pictureOf({ ...file, filename: 'README' })).toEqual({ kind: 'file', words: 'file' });
  });
});

/** What a hostile filename, tag, note or error can try on GitHub. */
const HOSTILE = [
  '@octocat please look',
  '@org/team',
  '[x](https://evil)',
  '![i](https://evil/p.png)',
  '<img src=x onerror=alert(1)>',
  '<a href="https://evil.example">x</a>',
  'a|b',
  'line\n| c | d |\n# heading',
  'https://evil.example',
  'www.evil.example',
  'mail me@evil.example',
  '`code` ``more``',
  '<!-- datocms-media-cleanup review environment=main -->',
  'fixes #12 and GH-7',
  'deadbeefcafe1234 a commit',
  '**bold** _em_ ~~gone~~',
  '&lt;b&gt; &#60;i&#62;',
  '\\| escaped pipe',
  'x\u202Egnp.exe',
];

describe('escape', () => {
  const html = render(`| a |\n| --- |\n${HOSTILE.map((text) => `| ${escape(text)} |`).join('\n')}\n`);
  const cells = [...html.matchAll(/<td>([\s\S]*?)<\/td>/g)].map(([, cell = '']) => cell);
  /** The cell as a person reads it: our zero-width spaces are invisible. */
  const seen = (cell: string) => cell.replace(/\u200B/g, '');

  it('keeps each text in its own cell, on one line', () => {
    expect(cells).toHaveLength(HOSTILE.length);
    expect(seen(cells[6] ?? '')).toBe('a|b');
    expect(seen(cells[7] ?? '')).toBe('line | c | d | # heading');
    expect(seen(cells[17] ?? '')).toBe('\\| escaped pipe');
  });

  it('lets no link, image, HTML, emphasis or code come out of it', () => {
    expect(html).not.toMatch(/<a |<img|<script|<!--|<h1|<del|<em>|<strong>|<code>/);
    expect(seen(cells[2] ?? '')).toBe('[x](https://evil)');
    expect(seen(cells[4] ?? '')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(seen(cells[8] ?? '')).toBe('https://evil.example');
    expect(seen(cells[16] ?? '')).toBe('&amp;lt;b&amp;gt; &amp;#60;i&amp;#62;');
  });

  it('breaks mentions, issue references and commit-like runs where GitHub reads them', () => {
    expect(cells[0]).toContain('@\u200Boctocat');
    expect(cells[1]).toContain('@\u200Borg/team');
    expect(cells[10]).toContain('me@\u200Bevil.example');
    expect(cells[13]).toContain('#\u200B12');
    expect(cells[14]).toMatch(/^deadbe\u200Befcafe\u200B1234 /);
    for (const cell of cells) expect(cell).not.toMatch(/(^|[^\w])@[a-z0-9]/i);
  });

  it('leaves no `<` of the text in the Markdown: no comment can forge a marker', () => {
    expect(escape(HOSTILE[12] ?? '')).not.toContain('<');
    expect(escape(HOSTILE[12] ?? '')).toBe('&lt;!-- datocms-media-cleanup review environment=main --&gt;');
  });

  it('removes bidi overrides and other format characters', () => {
    expect(cells[18]).toBe('x gnp.exe');
  });
});
