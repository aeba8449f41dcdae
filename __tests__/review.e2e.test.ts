/**
 * End-to-end: the packed command's `--markdown-file` against the simulator, as a CI job that
 * posts the review (a pull-request comment, a merge request note) would run it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packedCommand, runCommand } from '../__fixtures__/command.ts';
import { closeSimulator, ids, simulator, TOKEN } from '../__fixtures__/e2e.ts';

const installed = packedCommand();
afterEach(closeSimulator);

describe('the review file', () => {
  it('of a dry run holds the plan with a picture row for each upload', async () => {
    const uploads = ids(0, 25).map((id, i) => ({
      id,
      filename: i === 0 ? '[x](https://evil) @octocat.jpg' : `old-${i}.${i % 5 === 4 ? 'pdf' : 'jpg'}`,
      tags: ['old'],
    }));
    const target = await simulator({ uploads });
    const run = await runCommand(
      installed().bin,
      ['--base-url', target.url, '--upload-ids', ids(0, 25).join(','), '--dry-run', '--markdown-file', 'out.md'],
      { env: { DATOCMS_API_TOKEN: TOKEN } },
    );
    expect(run.code).toBe(0);
    expect(target.deletions).toEqual([]);
    const path = join(run.cwd, 'out.md');
    expect(run.stdout).toContain(`Review: ${path}`);
    const markdown = readFileSync(path, 'utf8');
    expect(markdown.split('\n')[0]).toBe('<!-- datocms-media-cleanup review environment=main -->');
    expect(markdown).toContain('## DatoCMS media cleanup: Plan');
    expect(markdown).toContain('**25 upload(s) and 0 track(s) to delete**');
    const rows = markdown.split('\n').filter((line) => line.startsWith('| <img') || line.startsWith('| PDF file'));
    expect(rows).toHaveLength(25);
    expect(rows.filter((row) => row.startsWith('| PDF file'))).toHaveLength(5);
    for (const row of rows.filter((line) => line.startsWith('| <img'))) {
      expect(row).toMatch(new RegExp(`^\\| <img src="${target.assetUrl}/[^"]+\\?w=160&amp;h=160&amp;fit=fillmax`));
    }
    expect(markdown).toContain('\\[x\\](https\\://evil) @&#8203;octocat.jpg');
    expect(markdown).toContain('<details><summary>5 more</summary>');
    const report = JSON.parse(run.reportText ?? '{}') as { readonly seal?: unknown };
    expect(report.seal).toBeDefined();
    expect(markdown).not.toContain(TOKEN);
  });
});
