/**
 * End-to-end: `npm run playground` as a new user meets it. The script runs as a child process;
 * its printed lines are pasted into bash as they are (the exports, the shell function of the
 * built command, then each suggested command), and each must succeed and do what its comment
 * says. What the library holds is read only through what the playground printed: its base URL
 * and token.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const NODE = join(ROOT, 'node_modules', '.bin', 'node');
const END = 'Ctrl-C stops the playground; it forgets everything.';

let playground: ChildProcessWithoutNullStreams;
let printed = '';
let exited: Promise<[number | null, NodeJS.Signals | null]>;
/** Where the pasted commands run: one folder, as one terminal would. */
const cwd = mkdtempSync(join(tmpdir(), 'playground-'));

beforeAll(async () => {
  playground = spawn(NODE, ['scripts/playground.ts', '--port', '0'], { cwd: ROOT, env: { PATH: process.env.PATH } });
  exited = new Promise((resolve) => playground.once('close', (code, signal) => resolve([code, signal])));
  let stderr = '';
  playground.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  await new Promise<void>((resolve, reject) => {
    playground.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      printed += chunk;
      if (printed.includes(END)) resolve();
    });
    playground.once('close', (code) =>
      reject(new Error(`the playground exited (${code}) before it was ready: ${stderr}`)),
    );
  });
}, 30_000);

afterAll(() => {
  if (playground.exitCode === null && playground.signalCode === null) playground.kill('SIGKILL');
});

const lines = () => printed.split('\n');
/** What a user pastes first: the exports and the command's shell function. */
const setup = () =>
  lines().filter((line) => line.startsWith('export ') || line.startsWith('datocms-media-cleanup() {'));
/** The commands under the comment `# N.`, as printed. */
function step(n: number): string[] {
  const start = lines().findIndex((line) => line.startsWith(`# ${n}.`));
  const rest = lines().slice(start + 1);
  const end = rest.findIndex((line) => !line.startsWith('datocms-media-cleanup '));
  return rest.slice(0, end);
}
const printedValue = (name: string) =>
  lines()
    .find((line) => line.startsWith(`export ${name}=`))
    ?.slice(`export ${name}=`.length) ?? '';

interface Pasted {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the setup lines then `command` in bash, in the shared folder, with nothing else set. */
function paste(command: string): Promise<Pasted> {
  const shell = spawn('bash', ['-c', [...setup(), command].join('\n')], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
  });
  let stdout = '';
  let stderr = '';
  shell.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  shell.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    shell.once('error', reject);
    shell.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface Listed {
  readonly id: string;
  readonly filename: string;
  readonly tags: readonly string[];
}

/** The primary environment's uploads, asked of the printed base URL with the printed token. */
async function library(): Promise<Listed[]> {
  const answer = await fetch(`${printedValue('DATOCMS_BASE_URL')}/uploads?page[limit]=500`, {
    headers: { authorization: `Bearer ${printedValue('DATOCMS_API_TOKEN')}`, 'x-api-version': '3' },
  });
  const body = (await answer.json()) as { data: { id: string; attributes: { filename: string; tags: string[] } }[] };
  return body.data.map(({ id, attributes }) => ({ id, filename: attributes.filename, tags: attributes.tags }));
}

type Item = { kind: string; id: string; fate: string; reason?: string; listed: { filename: string } | null };
const report = (file: string) => JSON.parse(readFileSync(join(cwd, file), 'utf8')) as { items: Item[] };

describe('npm run playground', () => {
  it('prints the variables, the command as a shell function, three steps, and how to stop', () => {
    expect(lines()[0]).toMatch(/^DatoCMS media cleanup playground: \d+ uploads/);
    expect(setup()).toEqual([
      'export DATOCMS_API_TOKEN=playground-token',
      expect.stringMatching(/^export DATOCMS_BASE_URL=http:\/\/127\.0\.0\.1:\d+$/),
      expect.stringMatching(/^export NODE_EXTRA_CA_CERTS=\S*simulator\/assets\/tls\/cert\.pem$/),
      `datocms-media-cleanup() { node ${join(ROOT, 'dist/cli/index.js')} "$@"; }`,
    ]);
    expect([step(1).length, step(2).length, step(3).length]).toEqual([1, 2, 2]);
  });

  it('1: the dry run names the unused old uploads it would delete, and deletes nothing', async () => {
    const before = await library();
    const [dryRun = ''] = step(1);
    const run = await paste(dryRun);
    expect(run.code, run.stderr).toBe(0);
    const items = report('datocms-media-cleanup-report.json').items;
    const selected = items.filter((item) => item.fate === 'selected');
    expect(selected.length).toBeGreaterThanOrEqual(10);
    // Two uploads the listing calls unused are linked from a record's draft: their references keep them.
    const kept = items.filter((item) => item.fate === 'skipped').map((item) => [item.listed?.filename, item.reason]);
    expect(kept.sort()).toEqual([
      ['product-trail-runner-02.png', 'in use by records'],
      ['spring-lookbook-2025.pdf', 'in use by records'],
    ]);
    const named = selected.filter((item) => run.stdout.includes(`${item.id}  ${item.listed?.filename}, `));
    expect(named.length).toBeGreaterThanOrEqual(8);
    expect(run.stdout).toMatch(/^ {2}\S+ {2}spring-lookbook-2025\.pdf, .* \(skipped: in use by records\)$/m);
    expect(run.stdout).toContain('2 kept as in use by records');
    expect(await library()).toEqual(before);
  });

  it('2: the plan lists unused old uploads, and applying it deletes exactly those', async () => {
    const [plan = '', apply = ''] = step(2);
    const made = await paste(plan);
    expect(made.code, made.stderr).toBe(0);
    const planned = report('plan.json').items;
    const items = planned.filter((item) => item.fate === 'selected');
    expect(items.length).toBeGreaterThan(0);
    const kept = planned.filter((item) => item.fate === 'skipped');
    expect(kept.map((item) => item.reason)).toEqual(['in use by records', 'in use by records']);
    const applied = await paste(apply);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(new RegExp(`^ {2}Uploads +${items.length} +${items.length} +0 +0$`, 'm'));
    const left = new Set((await library()).map((upload) => upload.id));
    expect(items.filter((item) => left.has(item.id))).toEqual([]);
    expect(kept.filter((item) => !left.has(item.id))).toEqual([]);
  });

  it("3: the release's uploads are backed up and deleted, then the restore brings them back", async () => {
    const [cleanup = '', restore = ''] = step(3);
    const tag = /"contains":"([^"]+)"/.exec(cleanup)?.[1] ?? '';
    const tagged = (await library()).filter((upload) => upload.tags.includes(tag));
    expect(tagged.length).toBeGreaterThan(0);
    const deleted = await paste(cleanup);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toContain(`${tagged.length} deleted.`);
    expect(deleted.stdout).toMatch(new RegExp(`^Backup: ${tagged.length} upload\\(s\\) \\(.+\\) saved in `, 'm'));
    expect((await library()).filter((upload) => upload.tags.includes(tag))).toEqual([]);
    const restored = await paste(restore);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain(`Restored: ${tagged.length} of ${tagged.length} selected upload(s)`);
    const back = (await library()).filter((upload) => upload.tags.includes(tag));
    expect(back.map((upload) => upload.filename).sort()).toEqual(tagged.map((upload) => upload.filename).sort());
  });

  it('stops cleanly on Ctrl-C', async () => {
    playground.kill('SIGINT');
    expect(await exited).toEqual([0, null]);
  });
});
