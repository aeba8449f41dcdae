/**
 * The repository's name in one place: package.json's `repository`. Every `uses:` of this action in
 * the README and docs/ names it, and `npm run set-repository -- owner/name` rewrites it everywhere
 * it is written.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  currentRepository,
  parseRepository,
  PLACEHOLDER,
  replaceRepository,
  repositoryFiles,
  setRepository,
} from '../scripts/set-repository.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const repository = currentRepository(read('package.json'));

/** Other actions the examples use, by owner: every other `uses:` is this action. */
const OTHER_OWNERS = new Set(['actions', 'peter-evans']);

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the files that name the repository, and a docs/ page that uses the action. */
function copyOfTheRepository(): string {
  const root = mkdtempSync(join(tmpdir(), 'set-repository-'));
  dirs.push(root);
  for (const path of repositoryFiles(ROOT)) cpSync(path, join(root, path.slice(ROOT.length)));
  mkdirSync(join(root, 'docs', 'guides'), { recursive: true });
  writeFileSync(join(root, 'docs', 'guides', 'release.md'), `\`\`\`yaml\n- uses: ${repository}@v1\n\`\`\`\n`);
  return root;
}

describe("package.json's repository", () => {
  it('is a GitHub repository, with homepage and bugs under it', () => {
    const pkg = JSON.parse(read('package.json')) as { homepage: string; bugs: { url: string } };
    expect(parseRepository(repository)).toBe(repository);
    expect(pkg.homepage).toBe(`https://github.com/${repository}#readme`);
    expect(pkg.bugs.url).toBe(`https://github.com/${repository}/issues`);
  });

  it('is what every uses: of this action in the README and docs/ names, at v1', () => {
    const docs = existsSync(join(ROOT, 'docs')) ? repositoryFiles(ROOT).filter((path) => path.includes('/docs/')) : [];
    const uses = [join(ROOT, 'README.md'), ...docs].flatMap((path) =>
      [...readFileSync(path, 'utf8').matchAll(/\buses:\s*['"]?([\w.-]+)\/([\w./-]+)@([^\s'"`]+)/g)].map(
        ([, owner = '', name = '', ref = '']) => ({ owner, name, ref }),
      ),
    );
    const ours = uses.filter(({ owner }) => !OTHER_OWNERS.has(owner));
    expect(ours.length).toBeGreaterThan(10);
    expect(ours.filter(({ owner, name, ref }) => `${owner}/${name}@${ref}` !== `${repository}@v1`)).toEqual([]);
  });
});

describe('parseRepository', () => {
  it.each(['acme/datocms-media-cleanup', 'a/b', 'Acme-Corp/media.cleanup_2', PLACEHOLDER, ' acme/x '])(
    'takes %j',
    (value) => expect(parseRepository(value)).toBe(value.trim()),
  );

  it.each([
    ['acme', 'is not owner/name'],
    ['acme/', 'is not owner/name'],
    ['acme/x/y', 'is not owner/name'],
    ['https://github.com/acme/x', 'is not owner/name'],
    ['/x', 'is not a GitHub owner'],
    ['-acme/x', 'is not a GitHub owner'],
    ['acme-/x', 'is not a GitHub owner'],
    ['ac_me/x', 'is not a GitHub owner'],
    [`${'a'.repeat(40)}/x`, 'is not a GitHub owner'],
    ['acme/..', 'is not a GitHub repository name'],
    ['acme/x.git', 'is not a GitHub repository name'],
    ['acme/x y', 'is not a GitHub repository name'],
    [`acme/${'x'.repeat(101)}`, 'is not a GitHub repository name'],
  ])('refuses %j: it %s, in one line with an example', (value, reason) => {
    expect(() => parseRepository(value)).toThrow(reason);
    expect(() => parseRepository(value)).toThrow(/^[^\n]+e\.g\. npm run set-repository -- acme\/[^\n]+$/);
  });
});

describe('set-repository', () => {
  it('rewrites every occurrence in the README, docs/, package.json, the schemas, and lists those files', () => {
    const root = copyOfTheRepository();
    const touched = setRepository(root, 'acme/media-cleanup').map(({ file }) => file);
    expect(touched).toEqual(
      expect.arrayContaining([
        'README.md',
        'package.json',
        'report.schema.json',
        'backup.schema.json',
        'restore-report.schema.json',
        join('docs', 'guides', 'release.md'),
      ]),
    );
    for (const path of repositoryFiles(root)) expect(readFileSync(path, 'utf8'), path).not.toContain(repository);
    const pkg = readFileSync(join(root, 'package.json'), 'utf8');
    expect(currentRepository(pkg)).toBe('acme/media-cleanup');
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('- uses: acme/media-cleanup@v1');
    expect(readFileSync(join(root, 'report.schema.json'), 'utf8')).toContain(
      '"$id": "https://github.com/acme/media-cleanup/report.schema.json"',
    );
  });

  it('renames a second time, and leaves a longer name that starts with the same one alone', () => {
    const root = copyOfTheRepository();
    setRepository(root, 'acme/media');
    writeFileSync(join(root, 'CHANGELOG.md'), 'acme/media-tools and xacme/media stay; acme/media.git goes\n');
    setRepository(root, 'other/name');
    expect(currentRepository(readFileSync(join(root, 'package.json'), 'utf8'))).toBe('other/name');
    expect(readFileSync(join(root, 'CHANGELOG.md'), 'utf8')).toBe(
      'acme/media-tools and xacme/media stay; other/name.git goes\n',
    );
    expect(setRepository(root, 'other/name')).toEqual([]);
  });

  it('counts each occurrence it replaces', () => {
    expect(replaceRepository('OWNER/REPO OWNER/REPO@v1 OWNER/REPOS', PLACEHOLDER, 'a/b')).toEqual({
      text: 'a/b a/b@v1 OWNER/REPOS',
      count: 2,
    });
  });

  it('refuses a bad name before it writes anything: one line, exit 1', () => {
    const before = read('package.json');
    // Node 24, the devDependency, runs .ts as npm run set-repository does.
    const node = join(ROOT, 'node_modules', '.bin', 'node');
    const run = spawnSync(node, [join(ROOT, 'scripts', 'set-repository.ts'), 'acme/x.git'], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^set-repository: "x\.git" is not a GitHub repository name: [^\n]+\n$/);
    expect(read('package.json')).toBe(before);
  });
});
