/**
 * `.ci/run`, what CI runs, with a stand-in `npm` on PATH: its checks, not npm's work. It must fail
 * when the bundle leaves a schema check (`src/**\/*.generated.ts`, in any folder) other than
 * committed, and when `npm ci` warns that a dependency wants a newer Node.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const CI_RUN = new URL('../.ci/run', import.meta.url).pathname;

/** Files of the stand-in repository, committed as they are. */
const COMMITTED: Record<string, string> = {
  'dist/index.js': 'built\n',
  'src/core/report/report-check.generated.ts': 'report check\n',
  'src/core/backup/manifest-check.generated.ts': 'manifest check\n',
};

/**
 * npm as .ci/run calls it: `ci` prints CI_NPM_CI_SAYS, `run bundle` runs CI_BUNDLE (a shell
 * command, in the repository), everything else succeeds.
 */
const FAKE_NPM = `#!/usr/bin/env bash
case "$1 \${2:-}" in
  "ci "*) printf '%s\\n' "\${CI_NPM_CI_SAYS:-}" >&2 ;;
  "run bundle") eval "\${CI_BUNDLE:-}" ;;
esac
`;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A git repository holding COMMITTED (and `extra`) and this .ci/run, with the stand-in npm. */
function repository(extra: Record<string, string> = {}): { root: string; bin: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ci-run-'));
  dirs.push(dir);
  const root = join(dir, 'repo');
  const bin = join(dir, 'bin');
  for (const [path, content] of Object.entries({ ...COMMITTED, ...extra })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  mkdirSync(join(root, '.ci'));
  copyFileSync(CI_RUN, join(root, '.ci', 'run'));
  mkdirSync(bin);
  writeFileSync(join(bin, 'npm'), FAKE_NPM);
  chmodSync(join(bin, 'npm'), 0o755);
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=ci', '-c', 'user.email=ci@example.com', ...args], { cwd: root });
  git('init', '--quiet');
  git('add', '.');
  git('commit', '--quiet', '--message', 'the committed build');
  return { root, bin };
}

/** Runs .ci/run there with the stand-in npm first on PATH. */
function ciRun(repo: { root: string; bin: string }, env: Record<string, string> = {}) {
  const run = spawnSync('bash', [join(repo.root, '.ci', 'run')], {
    encoding: 'utf8',
    env: { PATH: `${repo.bin}:${process.env.PATH ?? ''}`, HOME: repo.root, ...env },
  });
  return { code: run.status, stderr: run.stderr };
}

describe('.ci/run', () => {
  it('passes when the bundle builds what is committed', () => {
    expect(ciRun(repository())).toMatchObject({ code: 0 });
  });

  it('fails on a stale schema check in a folder of src/core, naming it', () => {
    const run = ciRun(repository(), { CI_BUNDLE: 'echo changed >> src/core/report/report-check.generated.ts' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("is not what 'npm run bundle' builds");
    expect(run.stderr).toContain('src/core/report/report-check.generated.ts');
  });

  it('fails on a stale one even when src/core itself holds a generated file too', () => {
    // An unquoted src/core/*.generated.ts, expanded by the shell, would then compare only that one.
    const repo = repository({ 'src/core/top.generated.ts': 'top\n' });
    const run = ciRun(repo, { CI_BUNDLE: 'echo changed >> src/core/backup/manifest-check.generated.ts' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('src/core/backup/manifest-check.generated.ts');
  });

  it('fails on a new schema check the bundle wrote and nobody committed', () => {
    const run = ciRun(repository(), { CI_BUNDLE: 'echo new > src/core/plan-check.generated.ts' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('src/core/plan-check.generated.ts');
  });

  it('fails when npm ci warns that a dependency wants a newer Node', () => {
    const run = ciRun(repository(), { CI_NPM_CI_SAYS: "npm warn EBADENGINE   package: 'content-type@3.1.1'," });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/npm ci warned EBADENGINE: .* pin one that supports it in package.json overrides/);
  });
});
