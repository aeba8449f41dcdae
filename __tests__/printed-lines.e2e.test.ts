/**
 * End-to-end: what the tool prints for a user to run runs as printed, and what it says is true.
 * The apply a dry run prints is taken from its output and run exactly (same folder, same
 * RUNNER_TEMP); a dry run that could not make a whole plan prints none; the command speaks of
 * itself, in its summary and in its report; a plan's refusals say what is really wrong.
 */
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packedCommand, runCommand, type CommandOptions } from '../__fixtures__/command.ts';
import { act, closeSimulator, deletedUploads, errorLine, simulator, TOKEN, validReport } from '../__fixtures__/e2e.ts';
import { uid, uids } from '../__fixtures__/ids.ts';
import { PR, runnerEnv, runWithGitHub } from '../__fixtures__/pr-comment.ts';
import { startGitHubSimulator } from '../simulator/github/index.ts';
import type { SeedUpload, Simulator } from '../simulator/index.ts';

const installed = packedCommand();
afterEach(closeSimulator);

const OLD = '2025-01-01T00:00:00.000Z';
const OBSOLETE = uids('old0', 'old1', 'old2', 'old3', 'old4');
const seeds: SeedUpload[] = [
  ...OBSOLETE.map((id) => ({ id, tags: ['old'], createdAt: OLD, size: 17 })),
  { id: uid('keep'), tags: ['new'], createdAt: OLD },
];
const FILTER = '{"tags":{"contains":"old"}}';
const APPLY_REPORT = 'datocms-media-cleanup-apply-report.json';

async function command(args: readonly string[], options: CommandOptions = {}) {
  const run = await runCommand(installed().bin, args, {
    ...options,
    env: { DATOCMS_API_TOKEN: TOKEN, ...options.env },
  });
  expect(`${run.stdout}${run.stderr}`).not.toContain(TOKEN);
  return run;
}

/** What each `uses:` line of a summary or comment names. */
const usesLines = (markdown: string | undefined) =>
  [...(markdown ?? '').matchAll(/^\s*-? *uses: *(\S+)$/gm)].map(([, uses = '']) => uses);

/** The words of a printed command line, as a POSIX shell splits them (plain and '...' words). */
function shellWords(line: string): string[] {
  return [...line.trim().matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) =>
    m[1] === undefined ? (m[2] ?? '') : m[1].replace(/'\\''/g, "'"),
  );
}

/** The line after the sentence that introduces the apply, as printed; undefined when there is none. */
function printedApply(stdout: string): string | undefined {
  const lines = stdout.split('\n');
  const at = lines.findIndex((line) => line.startsWith('  datocms-media-cleanup apply '));
  return at < 0 ? undefined : lines[at];
}

/** The inputs of the step the job summary prints to apply its plan (api-token left to `act`). */
function summaryStep(summary: string | undefined): Record<string, string> {
  const yaml = (summary ?? '').split('```yaml\n')[1]?.split('```')[0] ?? '';
  const inputs: Record<string, string> = {};
  for (const match of yaml.matchAll(/^ {4}([a-z0-9-]+): (.*)$/gm)) {
    const [, name = '', raw = ''] = match;
    if (name !== 'api-token') inputs[name] = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
  }
  return inputs;
}

describe('the apply a dry run prints (the command)', () => {
  it('runs as printed in the same folder: its report does not take the plan’s name', async () => {
    const target = await simulator({ uploads: seeds });
    const dry = await command(
      ['--base-url', target.url, '--scope', 'library', '--filter', FILTER, '--max-deletions', '50', '--dry-run'],
      { files: {} },
    );
    expect(dry.code, dry.stderr).toBe(0);
    const printed = printedApply(dry.stdout);
    expect(printed, dry.stdout).toBeDefined();
    const plan = dry.reportText;
    const [bin, ...args] = shellWords(printed ?? '');
    expect(bin).toBe('datocms-media-cleanup');

    const apply = await command(args, { cwd: dry.cwd });

    expect(apply.code, apply.stderr).toBe(0);
    expect(deletedUploads(target).sort()).toEqual([...OBSOLETE].sort());
    expect(target.uploadExists(uid('keep'))).toBe(true);
    expect(apply.stdout).toContain(`Report: ${join(dry.cwd, APPLY_REPORT)}`);
    expect(validReport(readFileSync(join(dry.cwd, APPLY_REPORT), 'utf8')).counts.successful).toBe(5);
    // The plan is still the file that was reviewed.
    expect(readFileSync(join(dry.cwd, 'datocms-media-cleanup-report.json'), 'utf8')).toBe(plan);
  });

  it('apply --help names the apply’s own default report', async () => {
    const help = await command(['apply', '--help']);
    expect(help.stdout).toContain(`(default: ./${APPLY_REPORT})`);
  });
});

describe('the apply a dry run prints (the action)', () => {
  it('runs as printed in a later step of the same job (same RUNNER_TEMP)', async () => {
    const target = await simulator({ uploads: seeds });
    const temp = mkdtempSync(join(tmpdir(), 'runner-temp-'));
    const dry = await act(
      target,
      { scope: 'library', filter: FILTER, 'dry-run': 'true' },
      { env: { RUNNER_TEMP: temp } },
    );
    expect(dry.code, dry.stdout).toBe(0);
    const step = summaryStep(dry.summary);
    expect(step['plan-file']).toBe(join(temp, 'datocms-media-cleanup-report.json'));
    expect(dry.stdout).toContain(
      `apply it in a later step or job with plan-file: ${JSON.stringify(step['plan-file'])}, plan-sha256: ${step['plan-sha256'] ?? ''}`,
    );

    const apply = await act(target, step, { env: { RUNNER_TEMP: temp } });

    expect(apply.code, apply.stdout).toBe(0);
    expect(deletedUploads(target).sort()).toEqual([...OBSOLETE].sort());
    expect(apply.outputs['report-file']).toBe(join(temp, APPLY_REPORT));
  });

  it('names the action as the step that ran it did: its repository and ref (a tag, a SHA, a branch), or ./', async () => {
    const target = await simulator({ uploads: seeds });
    const inputs = { scope: 'library', filter: FILTER, 'dry-run': 'true' };
    const printed: string[] = [];
    for (const ref of ['v1.2.0', 'c0ffee00'.repeat(5), 'feature/x', 'v1.2.0+build.5']) {
      const published = await act(target, inputs, {
        env: { GITHUB_ACTION_REPOSITORY: 'acme/datocms-media-cleanup', GITHUB_ACTION_REF: ref },
      });
      expect(usesLines(published.summary)).toEqual([`acme/datocms-media-cleanup@${ref}`]);
      printed.push(published.summary ?? '');
    }
    const local = await act(target, inputs);
    expect(usesLines(local.summary)).toEqual(['./']);
    expect([...printed, local.summary].join('')).not.toContain('OWNER/REPO');
  });

  it('names it so in the pull-request comment too, if that ever prints a uses: line', async () => {
    const target = await simulator({ uploads: seeds });
    const hub = await startGitHubSimulator();
    try {
      const inputs = { scope: 'library', filter: FILTER, 'dry-run': 'true', 'pr-number': String(PR) };
      const action = { GITHUB_ACTION_REPOSITORY: 'acme/datocms-media-cleanup', GITHUB_ACTION_REF: 'feature/x' };
      const dry = await runWithGitHub(target, inputs, { ...runnerEnv(hub, 'workflow_dispatch'), ...action }, hub);
      expect(dry.code, dry.stdout).toBe(0);
      const body = hub.comments(PR)[0]?.body ?? '';
      expect(body).toContain('## DatoCMS media cleanup: Plan');
      expect(usesLines(body).filter((uses) => uses !== 'acme/datocms-media-cleanup@feature/x')).toEqual([]);
      expect(body).not.toContain('OWNER/REPO');
      expect(usesLines(dry.summary)).toEqual(['acme/datocms-media-cleanup@feature/x']);
    } finally {
      await hub.close();
    }
  });
});

describe('a dry run that cannot make a whole plan', () => {
  it('(the command) says so, with both numbers, and prints no apply', async () => {
    const target = await simulator({ uploads: 600 });
    const dry = await command([
      ...['--base-url', target.url, '--scope', 'library', '--only-unused', '--max-deletions', '550', '--dry-run'],
    ]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(printedApply(dry.stdout)).toBeUndefined();
    expect(dry.stdout).not.toContain(' apply ');
    expect(dry.stdout).toContain(
      "This dry run's report is not a whole plan: 600 uploads and tracks matched, more than --max-deletions (550), so it lists only 500 of them, and is refused as a partial plan; to make a whole plan, run the dry run again with --max-deletions 600 (or more), or with narrower criteria.",
    );
    // One number of uploads selected: the log's, the summary's and the report's.
    expect(dry.stderr).toContain('Selected 600 upload(s) and 0 track(s) (only 500 upload(s) listed):');
    expect(dry.stdout).toMatch(/^ {2}Uploads +600 /m);
    expect(validReport(dry.reportText).counts).toMatchObject({ selected: 600, unlisted: 100 });
  });

  it('(the command) prints no apply for a plan of more items than max-deletions', async () => {
    const target = await simulator({ uploads: seeds });
    const dry = await command([
      '--base-url',
      target.url,
      '--scope',
      'library',
      '--filter',
      FILTER,
      '--dry-run',
      '--max-deletions',
      '3',
    ]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(printedApply(dry.stdout)).toBeUndefined();
    expect(dry.stdout).toContain(
      'more than --max-deletions (3), so a real run with these settings would stop before deleting anything; to make a whole plan, run the dry run again with --max-deletions 5 (or more)',
    );
  });

  it('(the action) says so in the summary and the log, with no step to apply it', async () => {
    const target = await simulator({ uploads: seeds });
    const dry = await act(target, { scope: 'library', filter: FILTER, 'dry-run': 'true', 'max-deletions': '3' });
    expect(dry.code, dry.stdout).toBe(0);
    expect(dry.summary).not.toContain('### Apply this plan');
    expect(dry.summary).not.toContain('plan-file:');
    expect(dry.summary).toContain('### No plan to apply');
    expect(dry.stdout).not.toContain('apply it in a later step');
    expect(dry.stdout).toContain(
      "This dry run's report is not a whole plan: 5 uploads and tracks matched, more than max-deletions (3), so a real run with these settings would stop before deleting anything; to make a whole plan, run the dry run again with max-deletions: '5' (or more), or with narrower criteria.",
    );
    // The first page held every match: none is said to be left out.
    expect(dry.stdout).toContain('::warning::5 uploads matched, more than max-deletions (3)\n');
  });
});

describe('the command speaks of itself', () => {
  it('names --environment when the environment does not exist, in its message and its report', async () => {
    const target = await simulator({ uploads: seeds });
    const run = await command(['--base-url', target.url, '--upload-ids', uid('old0'), '--environment', 'nope']);
    expect(run.code).toBe(1);
    const last = run.stderr.trimEnd().split('\n').at(-1) ?? '';
    expect(last).toContain('fix --environment, or leave it out for the primary environment');
    expect(`${run.stdout}${run.stderr}${run.reportText ?? ''}`).not.toContain('environment input');
    expect(validReport(run.reportText).error).toContain('fix --environment');
  });

  it('says "this command" in its report too, not "this action"', async () => {
    const target = await simulator({ uploads: seeds });
    target.inject({ match: { path: '/uploads/batch-destroy' }, status: 202, body: '<html>accepted</html>' });
    const run = await command(['--base-url', target.url, '--upload-ids', uid('old0')]);
    expect(run.code).toBe(1);
    const error = validReport(run.reportText).error ?? '';
    expect(error).toContain('which this command does not understand');
    expect(error).toContain('before running the command again');
    expect(`${run.stdout}${run.stderr}${run.reportText ?? ''}`).not.toContain('this action');
  });

  it('names its flags where the engine names an input: --scope library with no criterion', async () => {
    const target = await simulator({ uploads: seeds });
    const run = await command(['--base-url', target.url, '--scope', 'library']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('set --filter, --query, --only-unused or --older-than');
    expect(target.requests).toEqual([]);
  });

  it('names --upload-ids when criteria matched the whole library', async () => {
    const target = await simulator({ uploads: seeds });
    const run = await command(['--base-url', target.url, '--scope', 'library', '--only-unused']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('or list the uploads in --upload-ids to delete them all on purpose');
  });

  it('--fail-on-failed points to what the summary shows when the API named no item', async () => {
    const target = await simulator({ uploads: seeds });
    const run = await command([
      '--base-url',
      target.url,
      '--upload-ids',
      uids('ghost1', 'ghost2').join(','),
      '--fail-on-failed',
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('Not deleted:');
    const last = run.stderr.trimEnd().split('\n').at(-1) ?? '';
    expect(last).toContain('2 item(s) were not deleted and --fail-on-failed is set (the API did not say which');
    expect(last).not.toContain('"Not deleted" above');
  });
});

describe('the action with fail-on-failed, when the API named no item', () => {
  it('does not send the user to an empty failed-ids output', async () => {
    const target = await simulator({ uploads: seeds });
    const run = await act(target, { 'upload-ids': uids('ghost1', 'ghost2').join(','), 'fail-on-failed': 'true' });
    expect(run.code).toBe(1);
    expect(run.outputs['failed-ids']).toBe('');
    const warning = run.stdout.split('\n').find((line) => line.startsWith('::warning::')) ?? '';
    expect(warning).toContain("the API did not say which: see the job summary, and the report's items of fate unknown");
    expect(warning).not.toContain('failed-ids output');
    expect(errorLine(run)).toContain('see the warning above and the job summary');
  });
});

describe('a plan refused says what is really wrong', () => {
  async function planIn(target: Simulator) {
    const dry = await command(['--base-url', target.url, '--scope', 'library', '--filter', FILTER, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    return { cwd: dry.cwd, plan: join(dry.cwd, 'datocms-media-cleanup-report.json') };
  }

  it('a number that JSON cannot read exactly: the plan was edited', async () => {
    const target = await simulator({ uploads: seeds });
    const { cwd, plan } = await planIn(target);
    const text = readFileSync(plan, 'utf8');
    expect(text).toContain('"size":17,');
    writeFileSync(plan, text.replace('"size":17,', '"size":17.0000000000000001,'));
    const apply = await command(['apply', plan, '--base-url', target.url], { cwd });
    expect(apply.code).toBe(2);
    expect(apply.stderr).toContain(
      'holds the number 17.0000000000000001, which JSON reads as 17 (it cannot be read exactly) and no report writes: the plan was edited; make a new plan',
    );
    expect(apply.stderr).not.toContain('not JSON');
    expect(deletedUploads(target)).toEqual([]);
  });

  it('plan-max-age: one limit, whatever the unit', async () => {
    const target = await simulator({ uploads: seeds });
    const { cwd, plan } = await planIn(target);
    for (const age of ['999999w', '2400000h', '36501d']) {
      const apply = await command(['apply', plan, '--base-url', target.url, '--plan-max-age', age], { cwd });
      expect(apply.code, age).toBe(2);
      expect(apply.stderr).toContain(
        `plan-max-age is "${age}", more than any duration it takes: use at most 36500d (876000h, or 5214w)`,
      );
    }
    expect(deletedUploads(target)).toEqual([]);
    const longest = await command(['apply', plan, '--base-url', target.url, '--plan-max-age', '876000h'], { cwd });
    expect(longest.code, longest.stderr).toBe(0);
  });

  it("a restore's report is a restore report, not a plan", async () => {
    const target = await simulator({ uploads: seeds });
    const backedUp = await command(['--base-url', target.url, '--upload-ids', uid('old0'), '--backup-dir', 'backup']);
    expect(backedUp.code, backedUp.stderr).toBe(0);
    const restore = await command(['restore', 'backup', '--base-url', target.url, '--dry-run'], { cwd: backedUp.cwd });
    expect(restore.code, restore.stderr).toBe(0);
    const apply = await command(['apply', 'datocms-media-cleanup-restore-report.json', '--base-url', target.url], {
      cwd: backedUp.cwd,
    });
    expect(apply.code).toBe(2);
    expect(apply.stderr).toContain('datocms-media-cleanup-restore-report.json" is the report of a restore, not a plan');
    expect(apply.stderr).not.toContain('with this version');
  });
});
