/**
 * End-to-end: what a wrong file or a pasted value hands the run is refused before any request,
 * and the refusal names where and what kind of thing is wrong without printing a secret. A
 * selection whose size the inputs already say is held to max-deletions before any request too,
 * and a refused input costs little memory (measured by `npm run bench`, not here).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packedCommand, runCommand } from '../__fixtures__/command.ts';
import { act, closeSimulator, errorLine, ids, simulator, TOKEN } from '../__fixtures__/e2e.ts';
import { uid } from '../__fixtures__/ids.ts';

afterEach(closeSimulator);

const GH = `ghp_${'R8x2Kq9mZt4Lw7Vb1Nc6Hd3Jf5Gs0Pa2Ye8U'}`;
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY';
const AWS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
/** A 40-character token alone on a line: the shape of characters an upload ID has, but not its length. */
const BARE = 'Zq8RkT3mW9xV2bN7cL4hJ6fG1sD5aP0eYuI8oK3r';
const SECRETS = [GH, AWS_SECRET, AWS_KEY_ID, BARE, 'hunter2'];

function expectNoSecret(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
  // Not even a long piece of one: at most the first four characters are quoted.
  for (const secret of [GH, AWS_SECRET, BARE]) expect(text).not.toContain(secret.slice(0, 8));
}

describe('upload-ids-file that is not a list of upload IDs', () => {
  it.each([
    [
      'an .env file',
      `# deploy\nGH_TOKEN=${GH}\nAWS_SECRET_ACCESS_KEY=${AWS_SECRET}\n`,
      2,
      /"GH_TOKEN=\.\.\." \(a setting; its value is not shown\)/,
    ],
    ['an exported setting', `export GH_TOKEN=${GH}\n`, 1, /"GH_TOKEN=\.\.\." \(a setting; its value is not shown\)/],
    ['a bare token', `${uid('a')}\n${BARE}\n`, 2, /"Zq8R\.\.\." \(40 characters\) is not an upload ID/],
    ['an AWS key pair', `${AWS_KEY_ID} ${AWS_SECRET}\n`, 1, /"AKIA\.\.\." \(20 characters\) is not an upload ID/],
    [
      'a secret with padding',
      `${uid('a')},${BARE}==\n`,
      1,
      /line 1 holds a value of 65 characters with "=" in it \(not shown\), not an upload ID: this is not a list of IDs; check the path/,
    ],
  ])('refuses %s before any request, naming the line, quoting no secret', async (_name, content, line, said) => {
    const target = await simulator({ uploads: [{ id: uid('a') }] });
    const run = await act(target, { 'upload-ids-file': 'ids.txt' }, { workspaceFiles: { 'ids.txt': content } });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain(`upload-ids-file "ids.txt", line ${line}`);
    expect(errorLine(run)).toMatch(said);
    expect(target.requests).toEqual([]);
    expectNoSecret(run.stdout + run.stderr);
    expect(run.reportText).toBeUndefined();
  });

  it('refuses IDs of the wrong length or a last character 16 bytes cannot end in', async () => {
    const target = await simulator();
    for (const [id, said] of [
      ['abc', /"abc" is not an upload ID \(22 characters of A-Z, a-z, 0-9, _ and -, such as .*, or digits/],
      [`${uid('a').slice(0, 21)}B`, /22 characters of URL-safe base64 encode 16 bytes, so the last is A, Q, g or w/],
      ['0042', /"0042" is not an upload ID/],
    ] as const) {
      const run = await act(target, { 'upload-ids': id });
      expect(run.code).toBe(1);
      expect(errorLine(run)).toMatch(said);
    }
    expect(target.requests).toEqual([]);
  });

  it('takes upload IDs of both shapes: 22 characters of base64url, and digits', async () => {
    const target = await simulator({ uploads: [{ id: uid('new') }, { id: '42' }] });
    const run = await act(target, { 'upload-ids': `${uid('new')},42` });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ successful: '2', failed: '0' });
  });
});

describe('a refused input value', () => {
  it.each([
    ['upload-ids', BARE, /upload-ids entry "Zq8R\.\.\." \(40 characters\) is not an upload ID/],
    [
      'upload-tracks',
      `${uid('a')}/${AWS_SECRET}`,
      /upload-tracks entry "a___\.\.\." \(\d+ characters\) is not of the form UPLOAD_ID\/TRACK_ID/,
    ],
    ['max-deletions', `TOKEN=${GH}`, /max-deletions is "TOKEN=\.\.\." \(a setting; its value is not shown\)/],
    ['environment', AWS_SECRET, /environment "wJal\.\.\." \(41 characters\) is not a DatoCMS environment ID/],
    [
      'base-url',
      'http://user:hunter2@127.0.0.1:1/',
      /base-url "http:\/\/\*\*\*@127\.0\.0\.1:1\/" must not hold credentials/,
    ],
    ['base-url', 'user:hunter2@127.0.0.1', /base-url "user\.\.\." \(22 characters\) must use https/],
  ])('%s: quotes at most a short prefix', async (input, value, said) => {
    const target = await simulator();
    const run = await act(target, { [input]: value, ...(input === 'upload-ids' ? {} : { 'upload-ids': uid('a') }) });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(said);
    expectNoSecret(run.stdout + run.stderr);
    expect(target.requests).toEqual([]);
  });
});

describe('what a second outside attack found', () => {
  it('refuses to restore a manifest edited to hold the token: it would be stored in DatoCMS', async () => {
    const target = await simulator({ uploads: [{ id: uid('a'), notes: 'first' }] });
    const dir = join(mkdtempSync(join(tmpdir(), 'secrets-')), 'backup');
    expect((await act(target, { 'upload-ids': uid('a'), 'backup-dir': dir })).code).toBe(0);
    const manifest = join(dir, 'manifest.json');
    writeFileSync(
      manifest,
      readFileSync(manifest, 'utf8').replace('"notes":"first"', `"notes":"${TOKEN.toUpperCase()}"`),
    );
    const restore = await act(target, { 'restore-from': dir });
    expect(restore.code).toBe(1);
    expect(errorLine(restore)).toContain(
      'holds the API token (not shown), which no backup writes (it writes the word redacted in its place): it was edited, and restoring it would store the token in DatoCMS; put the original back',
    );
    expect(target.creations).toEqual([]);
  });

  it.each([
    ['older-than', GH, /older-than is "ghp_\.\.\." \(40 characters\): expected a duration/],
    ['filter', `{"type":{"eq":"PASS=${AWS_SECRET}"}}`, /"PASS=\.\.\." \(a setting; its value is not shown\)/],
    ['filter', `{"PASS=hunter2":{"eq":"x"}}`, /filter field "PASS=\.\.\." \(a setting; its value is not shown\)/],
    [
      'filter',
      `{"size":{"gt":"${AWS_SECRET}"}}`,
      /filter size\.gt is "wJal\.\.\." \(41 characters\): expected a whole number/,
    ],
    ['base-url', 'PASS=hunter2', /base-url "PASS=\.\.\." \(a setting; its value is not shown\) is not a URL/],
    ['scope', 'hunter2secret', /scope is "hunt\.\.\." \(13 characters\): expected ids/],
  ])('%s: a refusal quotes no secret', async (input, value, said) => {
    const target = await simulator();
    const inputs: Record<string, string> =
      input === 'filter' || input === 'older-than' ? { scope: 'library' } : { 'upload-ids': uid('a') };
    const run = await act(target, { ...inputs, [input]: value });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(said);
    expectNoSecret(run.stdout + run.stderr);
    expect(run.stdout).not.toContain('hunter2');
  });

  it('refuses backup-max-bytes without backup-dir, and plan-max-age without plan-file', async () => {
    const target = await simulator({ uploads: [{ id: uid('a') }] });
    const bytes = await act(target, { 'upload-ids': uid('a'), 'backup-max-bytes': '5MB' });
    expect(errorLine(bytes)).toContain('backup-max-bytes is set but backup-dir is empty: nothing would be backed up');
    const age = await act(target, { 'upload-ids': uid('a'), 'plan-max-age': '2d' });
    expect(errorLine(age)).toContain('plan-max-age is set but plan-file is empty');
    expect(target.requests).toEqual([]);
  });
});

describe('max-deletions, when the inputs say how many', () => {
  it('refuses a file of more IDs than max-deletions before any request, saying what to set', async () => {
    const target = await simulator();
    const list = ids(0, 1001).join('\n');
    const run = await act(target, { 'upload-ids-file': 'ids.txt' }, { workspaceFiles: { 'ids.txt': list } });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain(
      `upload-ids-file "ids.txt" holds 1,001 entries, more than max-deletions (1000) allows: nothing was sent; if that many is intended, set max-deletions: '1001' (or more)`,
    );
    expect(target.requests).toEqual([]);
  });

  it('counts an ID given twice once, and the inputs and the file together', async () => {
    const target = await simulator();
    const twice = [...ids(0, 3), ...ids(0, 3)].join('\n');
    const files = { workspaceFiles: { 'ids.txt': twice } };
    const within = await act(target, { 'upload-ids-file': 'ids.txt', 'max-deletions': '3', 'dry-run': 'true' }, files);
    expect(within.code).toBe(0);
    const sent = target.requests.length;
    const over = await act(
      target,
      { 'upload-ids-file': 'ids.txt', 'upload-ids': ids(3, 4)[0] ?? '', 'max-deletions': '3', 'dry-run': 'true' },
      files,
    );
    expect(over.code).toBe(1);
    expect(errorLine(over)).toContain('the inputs name 4 uploads and tracks, more than max-deletions (3) allows');
    expect(target.requests).toHaveLength(sent);
  });

  it('does not count the IDs when criteria narrow them: the listing says how many match', async () => {
    const target = await simulator({ uploads: ids(0, 5).map((id, i) => ({ id, tags: i < 2 ? ['old'] : [] })) });
    const run = await act(target, {
      'upload-ids': ids(0, 5).join(','),
      filter: '{"tags":{"contains":"old"}}',
      'max-deletions': '2',
    });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ successful: '2' });
  });
});

describe('the command', () => {
  const installed = packedCommand();

  it('refuses an .env given as --upload-ids-file in its own words, quoting no secret', async () => {
    const target = await simulator();
    const run = await runCommand(installed().bin, ['--base-url', target.url, '--upload-ids-file', '.env'], {
      env: { DATOCMS_API_TOKEN: TOKEN },
      files: { '.env': `GH_TOKEN=${GH}\n` },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('upload-ids-file ".env", line 1 holds "GH_TOKEN=..."');
    expectNoSecret(run.stdout + run.stderr);
    expect(target.requests).toEqual([]);
  });

  it('refuses an argument holding the token, quoting none of it, and a stray secret by 4 characters', async () => {
    const target = await simulator();
    const run = (args: string[]) =>
      runCommand(installed().bin, ['--base-url', target.url, '--upload-ids', uid('a'), '--dry-run', ...args], {
        env: { DATOCMS_API_TOKEN: TOKEN },
      });
    const token = await run([TOKEN]);
    expect(token.code).toBe(2);
    expect(token.stderr).toContain(
      'an argument holds the API token (not shown): pass the token only in DATOCMS_API_TOKEN',
    );
    expect(token.stderr).not.toContain(TOKEN.slice(0, 6));
    const stray = await run([GH]);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain('unexpected argument "ghp_..." (40 characters)');
    expectNoSecret(stray.stderr);
    expect(target.requests).toEqual([]);
  });

  it('refuses more IDs than --max-deletions before any request, naming the flag', async () => {
    const target = await simulator();
    const run = await runCommand(installed().bin, ['--base-url', target.url, '--upload-ids-file', 'ids.txt'], {
      env: { DATOCMS_API_TOKEN: TOKEN },
      files: { 'ids.txt': ids(0, 1001).join('\n') },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('set --max-deletions 1001 (or more), otherwise split the list over several runs');
    expect(target.requests).toEqual([]);
  });
});
