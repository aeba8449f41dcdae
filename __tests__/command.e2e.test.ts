/**
 * End-to-end: the command as a user gets it. The package is packed, the tarball installed into an
 * empty folder, and `datocms-media-cleanup` run from there (no TTY) against the simulator.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packedCommand, runCommand, type CommandOptions, type CommandRun } from '../__fixtures__/command.ts';
import {
  closeSimulator,
  ids,
  simulator,
  TOKEN,
  validManifest,
  validReport,
  validRestoreReport,
} from '../__fixtures__/e2e.ts';
import { uid } from '../__fixtures__/ids.ts';
import { startSimulator, type Simulator } from '../simulator/index.ts';
import { INPUTS } from '../src/core/settings/inputs.ts';

const installed = packedCommand();
afterEach(closeSimulator);

/** Runs the command with the token set, and checks that it shows up nowhere. */
async function command(args: readonly string[], options: CommandOptions = {}): Promise<CommandRun> {
  const run = await runCommand(installed().bin, args, {
    ...options,
    env: { DATOCMS_API_TOKEN: TOKEN, ...options.env },
  });
  expect(run.stdout).not.toContain(TOKEN);
  expect(run.stderr).not.toContain(TOKEN);
  expect(run.reportText ?? '').not.toContain(TOKEN);
  return run;
}

const on = (target: Simulator, ...args: string[]) => ['--base-url', target.url, ...args];
/** ESC: the start of every terminal escape sequence. */
const ESC = '\u001b';

describe('the packed package', () => {
  it('holds the command bundle and what it needs, not the sources or the action', () => {
    expect(installed().packed).toContain('dist/cli/index.js');
    expect(installed().packed).toContain('package.json');
    expect(installed().packed).toContain('README.md');
    expect(installed().packed).toContain('LICENSE');
    expect(installed().packed.filter((path) => path.startsWith('src/') || path === 'dist/index.js')).toEqual([]);
  });

  it('prints its version, and help with every flag, its default and an example', async () => {
    const version = await command(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: '1.0.0\n', stderr: '' });
    const help = await command(['--help']);
    expect(help.code).toBe(0);
    for (const input of INPUTS) {
      expect(help.stdout).toContain(`--${input.name}`);
      if (input.example !== undefined) expect(help.stdout).toContain(`e.g. --${input.name} ${input.example}`);
      const fallback = input.kind === 'boolean' ? 'off' : input.default;
      const block = help.stdout.split(`  --${input.name}`)[1]?.split('\n  --')[0] ?? '';
      if (fallback !== '' && input.name !== 'report-file') expect(block, input.name).toContain(`default: ${fallback}`);
    }
    expect(help.stdout).toContain('default: ./datocms-media-cleanup-report.json');
    expect(help.stdout).toMatch(/Exit codes: 0 .*\n1 .* 2 .*\n.*130 interrupted/);
  });
});

describe('a run', () => {
  it('deletes the uploads and tracks given, prints a summary and writes the report in the current folder', async () => {
    const video = uid('video1');
    const target = await simulator({
      uploads: [...ids(0, 250).map((id) => ({ id })), { id: video, tracks: [{ id: 'subs-it' }, { id: 'subs-en' }] }],
    });
    const run = await command(
      on(
        target,
        '--upload-ids',
        ids(0, 120).join(','),
        '--upload-ids',
        ids(120, 250).join(' '),
        '--upload-tracks',
        `${video}/*`,
      ),
    );
    expect(run.code).toBe(0);
    expect(ids(0, 250).some((id) => target.uploadExists(id))).toBe(false);
    expect(target.trackExists(video, 'subs-it') || target.trackExists(video, 'subs-en')).toBe(false);
    expect(run.stderr).toMatch(/^Target: primary environment `main` at http:\/\/127\.0\.0\.1:\d+$/m);
    expect(run.stdout).toMatch(/^252 deleted\.$/m);
    expect(run.stdout).toMatch(/^ {2}Uploads +250 +250 +0$/m);
    expect(run.stdout).toMatch(/^ {2}Upload tracks +2 +2 +0$/m);
    expect(run.stdout).toContain(`Report: ${join(run.cwd, 'datocms-media-cleanup-report.json')}`);
    expect(`${run.stdout}${run.stderr}`).not.toContain(ESC);
    const report = validReport(run.reportText);
    expect(report).toMatchObject({ outcome: 'succeeded', tool: { name: 'datocms-media-cleanup', version: '1.0.0' } });
    expect(report.counts).toMatchObject({ selected: 252, successful: 252, failed: 0 });
  });

  it('in a dry run deletes nothing and shows what it selected', async () => {
    // And one the query does not match: a query that matches the whole library is refused.
    const uploads = [
      ...ids(0, 30).map((id, i) => ({ id, filename: `old-${i}.jpg` })),
      { id: uid('other'), filename: 'new.jpg' },
    ];
    const target = await simulator({ uploads });
    const run = await command(on(target, '--scope', 'library', '--query', 'old', '--dry-run'));
    expect(run.code).toBe(0);
    expect(target.deletions).toEqual([]);
    expect(run.stdout).toMatch(/^Dry run: 30 upload\(s\) and track\(s\) selected, nothing deleted\.$/m);
    expect(run.stdout).toMatch(/^Selected:\n {2}uploads of the whole media library/m);
    expect(run.stdout).toContain(`  ${ids(0, 1)[0]}  old-0.jpg`);
    expect(run.stdout).toContain('... and 20 more upload(s) (the report lists every one)');
    expect(validReport(run.reportText)).toMatchObject({ outcome: 'dry-run', dryRun: true });
  });

  it('names where the uploads came from: a list file alone, or tracks alone', async () => {
    const video = uid('v');
    const target = await simulator({
      uploads: [...ids(0, 3).map((id) => ({ id })), { id: video, tracks: [{ id: 't' }] }],
    });
    const fromFile = await command(on(target, '--upload-ids-file', 'ids.txt', '--dry-run'), {
      files: { 'ids.txt': ids(0, 3).join('\n') },
    });
    expect(fromFile.stderr).toContain(
      'Selected 3 upload(s) and 0 track(s): the 3 upload ID(s) given in --upload-ids-file (ids.txt)',
    );
    const tracksOnly = await command(on(target, '--upload-tracks', `${video}/t`, '--dry-run'));
    expect(tracksOnly.stderr).toContain('Selected 0 upload(s) and 1 track(s): 1 track(s) given in --upload-tracks');
  });

  it('with --json prints the report document on stdout and nothing else there', async () => {
    const target = await simulator({ uploads: 5 });
    const run = await command(on(target, '--upload-ids', ids(0, 5).join(','), '--json', '--report-file', 'out/r.json'));
    expect(run.code).toBe(0);
    expect(run.stdout.endsWith(']}\n')).toBe(true);
    const printed = validReport(run.stdout);
    expect(printed.counts).toMatchObject({ selected: 5, successful: 5 });
    expect(run.stderr).toMatch(/^5 deleted\.$/m);
    expect(run.stderr).toContain(`Report: ${join(run.cwd, 'out', 'r.json')}`);
  });

  it('passes every flag to the same settings the action reads', async () => {
    const target = await simulator({ uploads: 3, environments: ['staging'] });
    const args = on(
      target,
      ...['--upload-ids', ids(0, 1).join(','), '--upload-ids-file', 'ids.txt', '--upload-tracks-file', 'tracks.txt'],
      ...['--upload-tracks', `${ids(1, 2).join('')}/t1`, '--scope', 'ids', '--filter', '{"type":{"eq":"image"}}'],
      ...['--query', 'x', '--only-unused', '--confirm-unused', '--older-than', '2020-01-01'],
      ...['--max-deletions', '7', '--dry-run'],
      ...['--environment', 'staging', '--fail-on-failed', '--job-timeout', '42', '--delete-endpoint', 'bulk-destroy'],
      ...['--verify', '--report-file', 'r.json', '--backup-dir', 'backup', '--backup-max-bytes', '1GB'],
    );
    const given = args.filter((arg) => arg.startsWith('--')).map((arg) => arg.slice(2));
    // restore-from makes the run a restore, plan-file an apply: their own tests below.
    const cleanupFlags = INPUTS.map((input) => input.name).filter(
      (name) => name !== 'restore-from' && !name.startsWith('plan-'),
    );
    expect(given.sort()).toEqual(cleanupFlags.sort());
    const run = await command(args, { files: { 'ids.txt': `${ids(0, 3).join('\n')}\n`, 'tracks.txt': '# none\n' } });
    expect(run.code, run.stderr).toBe(0);
    const report = validReport(readFileSync(join(run.cwd, 'r.json'), 'utf8'));
    expect(report.settings).toMatchObject({
      baseUrl: target.url,
      scope: 'ids',
      maxDeletions: 7,
      jobTimeoutSeconds: 42,
      deleteEndpoint: 'bulk-destroy',
      verify: true,
      failOnFailed: true,
      sources: {
        uploadIdsFile: 'ids.txt',
        uploadIdsFromFile: 3,
        uploadTracksFile: 'tracks.txt',
        uploadTracksFromFile: 0,
      },
    });
    expect(JSON.stringify(report.settings.criteria)).toMatch(/image.*in_use.*2020-01-01.*"query":"x"/s);
    expect(report.settings.criteria).toMatchObject({ confirmUnused: true });
    expect(report).toMatchObject({ dryRun: true, environment: { id: 'staging', requested: 'staging' } });
    // The criteria kept no upload (none is an image): the track is all that is selected.
    expect(report.items.map((item) => item.id)).toEqual([`${ids(1, 2).join('')}/t1`]);
  });

  it('exits with 1 when items were not deleted and --fail-on-failed is set, 0 without it', async () => {
    const used = ids(0, 1)[0] ?? '';
    const seed = ids(0, 4).map((id) => ({ id, inUse: id === used }));
    const target = await simulator({ uploads: seed });
    const lenient = await command(on(target, '--upload-ids', ids(0, 2).join(',')));
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toMatch(/^1 deleted, 1 not deleted\.$/m);
    expect(lenient.stdout).toContain(`in use by records (1): ${used}`);
    expect(lenient.stdout).toContain('add --only-unused');
    const strict = await command(on(target, '--upload-ids', ids(0, 4).join(','), '--fail-on-failed'));
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/--fail-on-failed is set/);
  });

  it('exits with 1 on a fatal error, says what to do, and still writes the report', async () => {
    const target = await simulator({ uploads: 3 });
    const run = await command(on(target, '--upload-ids', ids(0, 3).join(',')), {
      env: { DATOCMS_API_TOKEN: 'wrong-token-123' },
    });
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toMatch(
      /^datocms-media-cleanup: The API token is invalid \(.*401 INVALID_AUTHORIZATION_HEADER\): check DATOCMS_API_TOKEN, or create a new CMA token/,
    );
    expect(run.stdout).toMatch(/^Failed: /m);
    expect(validReport(run.reportText)).toMatchObject({ outcome: 'failed' });
    expect(`${run.stdout}${run.stderr}${run.reportText ?? ''}`).not.toContain('wrong-token-123');
  });

  it('in a pipe shows progress as plain lines; --progress live redraws one line', async () => {
    const target = await simulator({ uploads: 3, jobLatencyMs: 700 });
    const plain = await command(on(target, '--upload-ids', ids(0, 2).join(',')));
    expect(plain.stderr).not.toContain(ESC);
    expect(plain.stderr).toMatch(/^Submitted 2 upload\(s\): job \S+ \(1\/1\)$/m);
    const live = await command(on(target, '--upload-ids', ids(2, 3).join(','), '--progress', 'live'));
    expect(live.code).toBe(0);
    expect(live.stderr).toMatch(/Deleting: 0 of 1 deleted, 1 job\(s\) pending, \d+\.\d s/);
    expect(live.stderr).toContain(`${ESC}[2K`); // the line cleared before it is drawn again
    expect(live.stdout).not.toContain(ESC);
  });

  it('on Ctrl-C stops waiting, prints what it knows and exits with 130 within 2 s', async () => {
    const target = await simulator({ uploads: 400, jobLatencyMs: 60_000 });
    let sentAt = 0;
    const run = await command(on(target, '--upload-ids', ids(0, 400).join(',')), {
      onStderr: (child, stderr) => {
        if (sentAt === 0 && /\(2\/2\)/.test(stderr)) {
          sentAt = performance.now();
          child.kill('SIGINT');
        }
      },
    });
    expect(sentAt).toBeGreaterThan(0);
    const exitedAfterMs = performance.now() - sentAt;
    expect(run.code).toBe(130);
    expect(exitedAfterMs, 'the issue asks for an exit within 2 s of Ctrl-C').toBeLessThan(2000);
    expect(run.stderr).toContain('SIGINT: stopping; jobs already started may still complete on DatoCMS');
    expect(run.stdout).toMatch(
      /^Interrupted: Interrupted by SIGINT after 0 deletion\(s\) were confirmed; job\(s\) .* may still complete: run the command again to finish$/m,
    );
    expect(run.stdout).toMatch(/^Still running: /m);
    expect(validReport(run.reportText)).toMatchObject({ outcome: 'cancelled' });
  });
});

describe('a command line that cannot run', () => {
  const A = uid('a');
  it.each([
    [
      ['--dryrun'],
      /^datocms-media-cleanup: unknown flag "--dryrun": did you mean --dry-run\? \(see --help for every flag\)$/,
    ],
    [
      ['--api-token', 'abc'],
      /^datocms-media-cleanup: --api-token is not a flag: the token is read from DATOCMS_API_TOKEN only/,
    ],
    [['obsolete.txt'], /^datocms-media-cleanup: unexpected argument "obsolete.txt": every value follows its flag/],
    [['--scope'], /^datocms-media-cleanup: --scope needs a value, e.g. --scope library$/],
    [
      ['--report-file', '--dry-run'],
      /--report-file needs a value, and the next argument "--dry-run" looks like a flag/,
    ],
    [['--dry-run=false'], /^datocms-media-cleanup: --dry-run takes no value: write --dry-run alone/],
    [['--scope', 'ids', '--scope', 'library'], /^datocms-media-cleanup: --scope is given 2 times: give it once$/],
    [
      ['--max-deletions', 'lots', '--upload-ids', A],
      /^datocms-media-cleanup: --max-deletions is "lots": expected a whole number of at least 1/,
    ],
    [
      ['--scope', 'library'],
      /scope is library but no criterion is set: set --filter, --query, --only-unused or --older-than/,
    ],
    [
      ['--upload-ids-file', 'missing.txt'],
      /upload-ids-file "missing.txt" does not exist \(looked for .*\): check the path; a relative path starts at the current folder/,
    ],
    [['--progress', 'fancy'], /--progress is "fancy": expected auto, live, lines or off/],
    [
      ['--upload-ids', A, '--report-file', 'out/'],
      /report-file "out\/" ends with a slash: give the path of a file in that folder$/,
    ],
    [
      ['--upload-ids', A, '--report-file', 'stdout-link'],
      /report-file "stdout-link" is a symbolic link: give the path of a regular file/,
    ],
    // An unset variable must not move the run to the primary environment, or drop a criterion.
    [
      ['--upload-ids', A, '--environment', ''],
      /--environment is empty \(an unset variable\?\): give it a value, e\.g\. --environment \S+, or leave the flag out/,
    ],
    [['--scope', 'library', '--older-than', '30d', '--filter', ''], /--filter is empty \(an unset variable\?\)/],
    [['--scope', 'library', '--older-than', '2099-01-01'], /older-than is "2099-01-01", which is in the future/],
  ])('%j: exit code 2, one line, nothing sent', async (args, message) => {
    const target = await simulator({ uploads: 1 });
    const run = await command(on(target, ...args), { links: { 'stdout-link': '/proc/self/fd/1' } });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr.trimEnd()).toMatch(message);
    expect(target.requests).toEqual([]);
  });

  it('refuses to run without DATOCMS_API_TOKEN, and says how to set it', async () => {
    const target = await simulator({ uploads: 1 });
    const run = await runCommand(installed().bin, on(target, '--upload-ids', A));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'datocms-media-cleanup: DATOCMS_API_TOKEN is not set: export DATOCMS_API_TOKEN=<a CMA API token whose role may delete uploads> (DatoCMS: Project settings > API tokens)\n',
    );
    expect(target.requests).toEqual([]);
  });

  it('never prints the token, even where a flag value holds it', async () => {
    const target = await simulator({ uploads: 1 });
    const run = await command(on(target, `--dry-run=${TOKEN}`));
    expect(run.code).toBe(2);
    const quoted = await command(on(target, '--upload-ids', `x${TOKEN}`));
    expect(quoted.code).toBe(2);
    expect(quoted.stderr).toMatch(
      /an argument holds the API token \(not shown\): pass the token only in DATOCMS_API_TOKEN/,
    );
    // Paths and the base URL go into the report: the token is refused there too.
    for (const [flag, value] of [
      ['--base-url', `${target.url}/${TOKEN}`],
      ['--base-url', `${target.url}/${[...TOKEN].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('')}`],
      ['--upload-ids-file', `${TOKEN}.txt`],
      ['--report-file', `reports/${TOKEN}.json`],
    ] as const) {
      const base = flag === '--base-url' ? [] : ['--base-url', target.url];
      const refused = await command([...base, '--upload-ids', A, flag, value]);
      expect(refused.code, flag).toBe(2);
      // As typed, the argument is refused before it is read; %-escaped, once the URL is read.
      expect(refused.stderr).toMatch(new RegExp(`(an argument|${flag}) holds the API token \\(not shown\\)`));
    }
    expect(target.requests).toEqual([]);
  });
});

/** A Node older than the tests' (CI machines have Node 20 on PATH), for the command's `engines` floor. */
function olderNode(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '' || dir.includes('node_modules') || !hasNode(dir)) continue;
    const node = join(dir, 'node');
    const major = Number(
      execFileSync(node, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).trim(),
    );
    if (major < 24) return node;
  }
  return undefined;
}

function hasNode(dir: string): boolean {
  try {
    return readdirSync(dir).includes('node');
  } catch {
    return false;
  }
}

describe.runIf(olderNode() !== undefined)('on the oldest Node it supports (engines: >=20)', () => {
  it('deletes and reports', async () => {
    const node = olderNode() ?? '';
    const target = await simulator({ uploads: 3 });
    const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
    const run = await command(on(target, '--upload-ids', ids(0, 3).join(','), '--json'), { node });
    expect(run.code, `${version}: ${run.stderr}`).toBe(0);
    expect(validReport(run.stdout).counts).toMatchObject({ successful: 3 });
  });

  it('looks up a large list without a warning about listeners', async () => {
    const node = olderNode() ?? '';
    const target = await simulator({ uploads: 4000 });
    const run = await command(on(target, '--upload-ids-file', 'ids.txt', '--dry-run', '--max-deletions', '5000'), {
      node,
      files: { 'ids.txt': ids(0, 4000).join('\n') },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('Warning');
  });
});

describe('a reader that goes away', () => {
  it('ends what it reads, not the run: no EPIPE, and the exit code stays 0', async () => {
    const target = await simulator({ uploads: 2000 });
    const run = await command(
      on(target, '--scope', 'library', '--older-than', '1h', '--dry-run', '--max-deletions', '5000', '--json'),
      {
        onStart: (child) => child.stdout?.once('data', () => child.stdout?.destroy()),
      },
    );
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/EPIPE|Error/);
    expect(validReport(run.reportText)).toMatchObject({ outcome: 'dry-run' });
  });
});

describe('backup and restore', () => {
  const OLD1 = uid('upOld1');
  const OLD2 = uid('upOld2');
  const NEW3 = uid('upNew3');
  const seeds = [
    { id: OLD1, filename: 'old one.png', content: 'old bytes one', tags: ['old'], author: 'Ada' },
    { id: OLD2, filename: 'old-two.jpg', size: 50_000, tags: ['old'], notes: 'second' },
    { id: NEW3, filename: 'new.jpg', tags: ['new'] },
  ];
  const old = ['--scope', 'library', '--filter', '{"tags":{"contains":"old"}}'];

  it('--backup-dir saves before deleting; restore brings the uploads back and maps their IDs', async () => {
    const target = await simulator({ uploads: seeds });
    const before = new Map(seeds.slice(0, 2).map((seed) => [seed.id, target.uploadResource(seed.id)?.attributes]));
    const dir = join(mkdtempSync(join(tmpdir(), 'command-backup-')), 'backup');
    const cleanup = await command(on(target, ...old, '--backup-dir', dir));
    expect(cleanup.code, cleanup.stderr).toBe(0);
    expect(cleanup.stdout).toContain(`Backup: 2 upload(s) (48.8 KB) saved in ${dir} (manifest: manifest.json)`);
    expect(target.uploads().map((upload) => upload.id)).toEqual([NEW3]);
    expect(validManifest(dir).uploads).toHaveLength(2);

    const restore = await command(['restore', dir, '--base-url', target.url]);
    expect(restore.code, restore.stderr).toBe(0);
    const report = validRestoreReport(
      readFileSync(join(restore.cwd, 'datocms-media-cleanup-restore-report.json'), 'utf8'),
    );
    expect(report.counts).toMatchObject({ selected: 2, restored: 2, failed: 0 });
    // Restores run concurrently: the map's order is the order they finished in.
    expect(Object.keys(report.idMap).sort()).toEqual([OLD1, OLD2]);
    for (const [oldId, newId] of Object.entries(report.idMap)) {
      const original = before.get(oldId) ?? {};
      expect(target.uploadResource(newId)?.attributes, oldId).toMatchObject({
        filename: original.filename,
        md5: original.md5,
        size: original.size,
        author: original.author,
        notes: original.notes,
        tags: original.tags,
      });
    }
    expect(restore.stdout).toMatch(/Restored: 2 of 2 selected upload\(s\); skipped: 0; not restored: 0/);
    expect(restore.stdout).toContain(`${OLD1} -> ${report.idMap[OLD1]}`);

    const again = await command(['restore', dir, '--base-url', target.url, '--json']);
    expect(again.code).toBe(0);
    expect(validRestoreReport(again.stdout).counts).toMatchObject({ restored: 0, skipped: 2 });
    expect(target.creations).toHaveLength(2);
  });

  it('restore refuses a damaged backup with exit code 2 and sends nothing; restore --help explains it', async () => {
    const target = await simulator({ uploads: seeds });
    const dir = join(mkdtempSync(join(tmpdir(), 'command-backup-')), 'backup');
    expect((await command(on(target, ...old, '--backup-dir', dir))).code).toBe(0);
    const requests = target.requests.length;
    writeFileSync(join(dir, 'manifest.json'), '{"schemaVersion":1}');
    const run = await command(['restore', dir, '--base-url', target.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "does not follow backup.schema.json (the top level must have required property 'kind')",
    );
    expect(target.requests.length).toBe(requests);
    const help = await command(['restore', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('datocms-media-cleanup restore ./media-backup --only q0VNpiNQSkG6z0lif_O1zg');
    const usage = await command(['restore']);
    expect(usage).toMatchObject({ code: 2 });
    expect(usage.stderr).toContain('restore needs the backup folder');
  });
});

describe('plan, then apply', () => {
  const OLD = '2025-01-01T00:00:00.000Z';
  const [P0, P1, P2, P3, P9] = [uid('p0'), uid('p1'), uid('p2'), uid('p3'), uid('p9')];
  const seeds = [
    ...[P0, P1, P2, P3].map((id) => ({ id, tags: ['old'], createdAt: OLD, size: 3000 })),
    { id: uid('kept'), tags: ['new'] },
  ];
  const criteria = ['--scope', 'library', '--filter', '{"tags":{"contains":"old"}}', '--only-unused'];

  it('a dry run prints the command that applies its plan; apply deletes what still qualifies, skipping the rest', async () => {
    const target = await simulator({ uploads: seeds });
    const plan = join(mkdtempSync(join(tmpdir(), 'command-plan-')), 'plan.json');
    const dry = await command(on(target, ...criteria, '--dry-run', '--report-file', plan));
    expect(dry.code, dry.stderr).toBe(0);
    const sha = createHash('sha256').update(readFileSync(plan)).digest('hex');
    expect(dry.stdout).toContain(`Report: ${plan} (SHA-256 ${sha})`);
    expect(dry.stdout).toContain(`datocms-media-cleanup apply ${plan} --plan-sha256 ${sha}`);
    target.addUpload({ id: P0, tags: ['old'], createdAt: OLD, size: 3000, inUse: true });
    target.addUpload({ id: P1, tags: ['old'], createdAt: OLD, content: 'another file' });
    target.addUpload({ id: P9, tags: ['old'], createdAt: OLD });

    const apply = await command(['apply', plan, '--plan-sha256', sha, '--base-url', target.url, '--json']);

    expect(apply.code, apply.stderr).toBe(0);
    expect(target.deletions.map((d) => d.uploadId).sort()).toEqual([P2, P3]);
    const report = validReport(apply.stdout);
    expect(report.counts).toMatchObject({ selected: 4, successful: 2, failed: 0, skipped: 2 });
    expect(report.items.filter((item) => item.fate === 'skipped').map((item) => [item.id, item.reason])).toEqual([
      [P0, 'in use by records'],
      [P1, 'file changed since the plan'],
    ]);
    expect(apply.stderr).toContain('2 deleted. 2 skipped (changed since the plan).');
    expect(apply.stderr).toContain(`file changed since the plan (1): ${P1}`);
    expect(target.uploadExists(P9)).toBe(true);
  });

  it('refuses, with exit code 2 and nothing sent, a plan other than --plan-sha256 and selection flags beside it', async () => {
    const target = await simulator({ uploads: seeds });
    const plan = join(mkdtempSync(join(tmpdir(), 'command-plan-')), 'plan.json');
    expect((await command(on(target, ...criteria, '--dry-run', '--report-file', plan))).code).toBe(0);
    const requests = target.requests.length;
    const wrong = await command(['apply', plan, '--plan-sha256', '0'.repeat(64), '--base-url', target.url]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--plan-file ".*plan\.json" has SHA-256 [0-9a-f]{64}, not the --plan-sha256 given/);
    const beside = await command(['apply', plan, '--upload-ids', P0, '--base-url', target.url]);
    expect(beside.code).toBe(2);
    expect(beside.stderr).toContain('--upload-ids is not a flag of apply: the plan is the selection');
    const none = await command(['apply', '--base-url', target.url]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('apply needs the plan file');
    expect(target.requests.length).toBe(requests);
    const help = await command(['apply', '--help']);
    expect(help.stdout).toContain('datocms-media-cleanup apply: delete what a reviewed dry run planned');
  });
});

describe('DATOCMS_BASE_URL', () => {
  const A = uid('baseUrlA');

  it('gives the base URL when --base-url is not given', async () => {
    const target = await simulator({ uploads: [{ id: A }] });
    const run = await command(['--upload-ids', A], { env: { DATOCMS_BASE_URL: target.url } });
    expect(run.code, run.stderr).toBe(0);
    expect(target.uploadExists(A)).toBe(false);
    expect(run.stderr).toContain(`Target: primary environment \`main\` at ${target.url}`);
  });

  it('gives way to --base-url: the variable is not even read', async () => {
    const target = await simulator({ uploads: [{ id: A }] });
    const decoy = await startSimulator({ token: TOKEN, uploads: [{ id: A }] });
    try {
      for (const variable of [decoy.url, 'ftp://not-even-a-base-url']) {
        target.addUpload({ id: A });
        const run = await command(on(target, '--upload-ids', A), { env: { DATOCMS_BASE_URL: variable } });
        expect(run.code, run.stderr).toBe(0);
        expect(target.uploadExists(A)).toBe(false);
      }
      expect(decoy.requests).toEqual([]);
    } finally {
      await decoy.close();
    }
  });

  it.each([
    [
      'http://example.com',
      /^datocms-media-cleanup: DATOCMS_BASE_URL "http:\/\/example\.com" must use https \(plain http is allowed only for this machine.*\(or unset it, or give --base-url\)$/,
    ],
    [
      '',
      /^datocms-media-cleanup: DATOCMS_BASE_URL is empty: give it a URL, .*or unset it to use https:\/\/site-api\.datocms\.com$/,
    ],
  ])('%j is refused as --base-url would be: exit code 2, one line naming the variable', async (value, message) => {
    const run = await command(['--upload-ids', A], { env: { DATOCMS_BASE_URL: value } });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr.trimEnd()).toMatch(message);
  });
});
