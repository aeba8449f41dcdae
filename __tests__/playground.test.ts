/**
 * The playground (`npm run playground`) in this process: a library that looks like a real one,
 * the same in every run, its sandbox, its port, and lines a shell takes as they are printed.
 */
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { playgroundLibrary } from '../scripts/playground-library.ts';
import { instructions, SANDBOX, shellWord, startPlayground, type Playground } from '../scripts/playground.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const NOW = new Date('2026-12-01T12:00:00.000Z');
const DAY_MS = 86_400_000;
const ext = (filename: string) => filename.slice(filename.lastIndexOf('.') + 1);

let running: Playground | undefined;
afterEach(async () => {
  await running?.simulator.close();
  running = undefined;
});

describe('the playground library', () => {
  const library = playgroundLibrary(NOW);

  it('is the same in every run, its dates counted back from now', () => {
    expect(playgroundLibrary(NOW)).toEqual(library);
    const later = playgroundLibrary(new Date(NOW.getTime() + 30 * DAY_MS));
    expect(later.map((upload) => upload.id)).toEqual(library.map((upload) => upload.id));
    expect(Date.parse(later[0]?.createdAt ?? '') - Date.parse(library[0]?.createdAt ?? '')).toBe(30 * DAY_MS);
  });

  it('has images, videos with subtitles in several languages, PDFs, in-use uploads and release tags over two years', () => {
    expect(library.length).toBeGreaterThanOrEqual(40);
    expect(library.length).toBeLessThanOrEqual(80);
    const count = (kind: string) => library.filter((upload) => ext(upload.filename ?? '') === kind).length;
    for (const kind of ['jpg', 'png', 'svg', 'mp4', 'pdf']) expect(count(kind), kind).toBeGreaterThanOrEqual(3);
    const videos = library.filter((upload) => ext(upload.filename ?? '') === 'mp4');
    expect(videos.every((video) => (video.tracks ?? []).length >= 1)).toBe(true);
    expect(new Set(videos.flatMap((video) => (video.tracks ?? []).map((track) => track.languageCode))).size).toBe(8);
    expect(videos.every((video) => /^[A-Za-z0-9]{40}$/.test(String(video.listedAttributes?.mux_playback_id)))).toBe(
      true,
    );
    const linked = (version: string) =>
      library.filter((upload) => (upload.references ?? []).some((record) => record.version === version)).length;
    expect(linked('both')).toBeGreaterThanOrEqual(10);
    expect(linked('current')).toBe(2);
    const tags = new Set(library.flatMap((upload) => upload.tags ?? []));
    for (const tag of ['release-2025.03', 'release-2025.06', 'release-2025.09', 'campaign-spring']) {
      expect(tags, tag).toContain(tag);
    }
    const ages = library.map((upload) => (NOW.getTime() - Date.parse(upload.createdAt ?? '')) / DAY_MS);
    expect(Math.min(...ages)).toBeLessThan(30);
    expect(Math.max(...ages)).toBeGreaterThan(700);
    expect(new Set(library.map((upload) => upload.id)).size).toBe(library.length);
    expect(new Set(library.map((upload) => upload.filename)).size).toBe(library.length);
  });
});

describe('startPlayground', () => {
  it('serves the library in main and in a sandbox forked from it, every file downloadable', async () => {
    running = await startPlayground({ port: 0, now: NOW });
    const { simulator } = running;
    const main = simulator.uploads();
    expect(main).toHaveLength(playgroundLibrary(NOW).length);
    expect(simulator.uploads(SANDBOX)).toEqual(main);
    const svg = main.find((upload) => String(upload.attributes.filename).endsWith('.svg'));
    expect(simulator.uploadFile(svg?.id ?? '')?.toString('utf8')).toMatch(/^<svg /);
    const video = main.find((upload) => String(upload.attributes.filename).endsWith('.mp4'));
    expect(simulator.uploadFile(video?.id ?? '')?.length).toBe(video?.attributes.size);
    expect(video?.attributes.url).toMatch(new RegExp(`^${simulator.assetUrl}/`));
  });

  it('takes a free port when the one asked for is taken, unless told to fail', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      await expect(startPlayground({ port, now: NOW })).rejects.toThrow(/EADDRINUSE/);
      running = await startPlayground({ port, orFreePort: true, now: NOW });
      expect(running.simulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(running.simulator.url).not.toBe(`http://127.0.0.1:${port}`);
      expect(running.text).toContain(`export DATOCMS_BASE_URL=${running.simulator.url}\n`);
    } finally {
      taken.close();
    }
  });
});

describe('shellWord', () => {
  it.each(['/plain/path/cert.pem', '/it\'s here/a b/$HOME/`x`/"q"', ''])('%j reads back as itself in bash', (value) => {
    expect(execFileSync('bash', ['-c', `printf %s ${shellWord(value)}`], { encoding: 'utf8' })).toBe(value);
  });
});

describe("the README's Try it section", () => {
  it('shows what the playground prints, for a clone in /path/to/clone on port 4010', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const shown = readme.split('\n## Try it')[1]?.split('```text\n')[1]?.split('```')[0];
    const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
    const printed = instructions('http://127.0.0.1:4010', playgroundLibrary(NOW).length);
    expect(shown).toBe(printed.replaceAll(root, '/path/to/clone'));
  });
});
