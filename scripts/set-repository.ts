/**
 * `npm run set-repository -- owner/name`: names the GitHub repository this action lives in, once.
 * package.json's `repository` is the one place that says it (OWNER/REPO until set); this rewrites
 * each occurrence of that owner/name in the files that name it (README.md, docs/, package.json,
 * the schemas' `$id`, SECURITY.md, CONTRIBUTING.md, CHANGELOG.md) to the new one, and prints each
 * file it changed. Run it again to rename.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The spelling of an unset repository: in the sources, the docs and the examples until set. */
export const PLACEHOLDER = 'OWNER/REPO';

/**
 * GitHub's names: an owner (user or organization) is 1 to 39 letters, digits and hyphens, not
 * starting or ending with a hyphen; a repository 1 to 100 letters, digits, '.', '-' and '_', not
 * '.' or '..' (GitHub drops a trailing '.git', so it is not part of a name).
 */
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?$/;
const NAME = /^[A-Za-z0-9._-]{1,100}$/;
const EXAMPLE = 'e.g. npm run set-repository -- acme/datocms-media-cleanup';

/** `value` as owner/name, or an error that says what to give instead. */
export function parseRepository(value: string): string {
  const trimmed = value.trim();
  const [owner = '', name = '', ...rest] = trimmed.split('/');
  if (rest.length > 0 || name === '')
    throw new Error(`"${trimmed}" is not owner/name: give the GitHub repository as owner/name, ${EXAMPLE}`);
  if (!OWNER.test(owner))
    throw new Error(
      `"${owner}" is not a GitHub owner: 1 to 39 letters, digits or hyphens, not starting or ending with one, ${EXAMPLE}`,
    );
  if (!NAME.test(name) || name === '.' || name === '..' || name.toLowerCase().endsWith('.git'))
    throw new Error(
      `"${name}" is not a GitHub repository name: 1 to 100 letters, digits, '.', '-' or '_', without .git, ${EXAMPLE}`,
    );
  return `${owner}/${name}`;
}

/** The owner/name package.json's `repository` names (git+https://github.com/OWNER/NAME.git). */
export function currentRepository(packageJson: string): string {
  const { repository } = JSON.parse(packageJson) as { repository?: { url?: string } | string };
  const url = typeof repository === 'string' ? repository : repository?.url;
  const match = /^(?:git\+)?https:\/\/github\.com\/([^/]+\/[^/]+?)(?:\.git)?$/.exec(url ?? '');
  if (match?.[1] === undefined)
    throw new Error(
      `package.json's repository is not a GitHub URL (${JSON.stringify(url ?? null)}): set it to {"type": "git", "url": "git+https://github.com/${PLACEHOLDER}.git"}`,
    );
  return match[1];
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `text` with every `from` that is a whole owner/name (not inside a longer one) made `to`. */
export function replaceRepository(text: string, from: string, to: string): { text: string; count: number } {
  let count = 0;
  const pattern = new RegExp(`(?<![A-Za-z0-9_.-])${escape(from)}(?![A-Za-z0-9_-])`, 'g');
  const replaced = text.replace(pattern, () => {
    count++;
    return to;
  });
  return { text: replaced, count };
}

function markdownUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The files that may name the repository, those that exist, as paths under `root`. */
export function repositoryFiles(root: string): string[] {
  const named = ['README.md', 'package.json', 'SECURITY.md', 'CONTRIBUTING.md', 'CHANGELOG.md'];
  const schemas = readdirSync(root).filter((name) => name.endsWith('.schema.json'));
  return [
    ...[...named, ...schemas].map((name) => join(root, name)).filter((path) => existsSync(path)),
    ...markdownUnder(join(root, 'docs')),
  ];
}

export interface Touched {
  /** Relative to the root. */
  readonly file: string;
  /** Occurrences rewritten. */
  readonly count: number;
}

/** Rewrites package.json's owner/name to `to` (validated) in every repositoryFiles file. */
export function setRepository(root: string, to: string): Touched[] {
  const target = parseRepository(to);
  const from = currentRepository(readFileSync(join(root, 'package.json'), 'utf8'));
  if (from === target) return [];
  const touched: Touched[] = [];
  for (const path of repositoryFiles(root)) {
    const result = replaceRepository(readFileSync(path, 'utf8'), from, target);
    if (result.count === 0) continue;
    writeFileSync(path, result.text);
    touched.push({ file: relative(root, path), count: result.count });
  }
  return touched;
}

function main(args: readonly string[]): number {
  if (args.length !== 1) {
    console.error(`set-repository takes one argument, the repository as owner/name: ${EXAMPLE}`);
    return 2;
  }
  const root = fileURLToPath(new URL('..', import.meta.url));
  try {
    const touched = setRepository(root, args[0] ?? '');
    if (touched.length === 0) console.log('Nothing to change: package.json already names that repository.');
    for (const { file, count } of touched) console.log(`${file}: ${count} replaced`);
    if (touched.some(({ file }) => file.endsWith('.schema.json')))
      console.log("Then run 'npm run bundle' (the schema checks and dist/ hold the schemas' $id) and commit.");
    return 0;
  } catch (error) {
    console.error(`set-repository: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
