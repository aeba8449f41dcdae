/** `--markdown-file`: the command writes the review where any CI can post it, and never over a file the run owns. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCommand, UsageError } from '../src/cli/args.ts';
import { main } from '../src/cli/main.ts';
import { startSimulator, uploadId, type Simulator } from '../simulator/index.ts';

const TOKEN = 'review-command-token';
let sim: Simulator | undefined;
afterEach(async () => sim?.close());

describe('--markdown-file on the command line', () => {
  const run = (argv: string[]) => {
    const command = parseCommand(argv);
    if (command.kind !== 'run') throw new Error(command.kind);
    return command;
  };

  it('is read once, by a run and by apply, never by restore', () => {
    expect(run(['--markdown-file', 'out.md']).markdownFile).toBe('out.md');
    expect(run([]).markdownFile).toBeUndefined();
    expect(run(['apply', 'plan.json', '--markdown-file=r.md']).markdownFile).toBe('r.md');
    expect(() => run(['--markdown-file', 'a.md', '--markdown-file', 'b.md'])).toThrow(
      new UsageError('--markdown-file is given 2 times: give it once'),
    );
    expect(() => run(['restore', 'backup', '--markdown-file', 'a.md'])).toThrow(/not a flag of restore/);
    expect(() => run(['--markdown-file', ''])).toThrow(/--markdown-file is empty/);
  });
});

/** The command in this process, in a new folder. */
async function command(argv: string[], files: Record<string, string> = {}) {
  const cwd = mkdtempSync(join(tmpdir(), 'review-command-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(cwd, name), text);
  let stdout = '';
  let stderr = '';
  const code = await main(
    {
      argv,
      env: { DATOCMS_API_TOKEN: TOKEN },
      cwd,
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
    },
    { signal: new AbortController().signal, exitCode: () => undefined, dispose: () => {} },
  );
  return { code, stdout, stderr, cwd };
}

describe('the review file', () => {
  it('is written by a dry run with a picture of each upload, and the summary says where', async () => {
    sim = await startSimulator({
      token: TOKEN,
      uploads: [
        { id: uploadId(0), filename: 'cat @octocat.png', tags: ['old'] },
        { id: uploadId(1), filename: 'manual.pdf' },
      ],
    });
    const ids = `${uploadId(0)},${uploadId(1)}`;
    const run = await command(['--base-url', sim.url, '--upload-ids', ids, '--dry-run', '--markdown-file', 'out.md']);
    expect(run.code).toBe(0);
    const path = join(run.cwd, 'out.md');
    expect(run.stdout).toContain(`Review: ${path} (Markdown with the pictures, for a pull-request comment)`);
    const markdown = readFileSync(path, 'utf8');
    expect(markdown.split('\n')[0]).toBe('<!-- datocms-media-cleanup review environment=main -->');
    expect(markdown).toContain('## DatoCMS media cleanup: Plan');
    expect(markdown).toContain(`<img src="${sim.assetUrl}/`);
    expect(markdown).toContain('cat @&#8203;octocat.png');
    expect(markdown).toContain('| PDF file | manual.pdf');
    expect(markdown).not.toContain(TOKEN);
    expect(sim.deletions).toEqual([]);
  });

  it('is refused over the report or a list file, before anything is sent', async () => {
    sim = await startSimulator({ token: TOKEN, uploads: 1 });
    const report = await command([
      '--base-url',
      sim.url,
      '--upload-ids',
      uploadId(0),
      '--markdown-file',
      './datocms-media-cleanup-report.json',
    ]);
    expect(report.code).toBe(2);
    expect(report.stderr).toMatch(
      /--markdown-file ".\/datocms-media-cleanup-report.json" is the report: choose another/,
    );
    const list = await command(['--base-url', sim.url, '--upload-ids-file', 'ids.txt', '--markdown-file', 'ids.txt'], {
      'ids.txt': uploadId(0),
    });
    expect(list.code).toBe(2);
    expect(list.stderr).toContain('is a list file the run reads');
    expect(readFileSync(join(list.cwd, 'ids.txt'), 'utf8')).toBe(uploadId(0));
    expect(sim.requests).toEqual([]);
    expect(existsSync(join(report.cwd, 'datocms-media-cleanup-report.json'))).toBe(false);
  });
});
