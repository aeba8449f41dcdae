/** Every relative link of the README and of docs/ (and the other Markdown we publish) resolves: the file exists, and so does the heading it points at. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const docs = readdirSync(join(root, 'docs'))
  .filter((name) => name.endsWith('.md'))
  .map((name) => `docs/${name}`);
const coreReadmes = readdirSync(join(root, 'src/core'))
  .map((name) => `src/core/${name}/README.md`)
  .filter((path) => existsSync(join(root, path)));
const published = [
  'README.md',
  'CONTRIBUTING.md',
  'SECURITY.md',
  'CHANGELOG.md',
  'simulator/README.md',
  ...docs,
  ...coreReadmes,
];

/** The Markdown outside fenced code blocks. */
function withoutFences(markdown: string): string {
  return markdown.replace(/^([ \t]*)(`{3,}|~{3,})[^\n]*\n[\s\S]*?\n\1\2[^\n]*$/gm, '');
}

/** The Markdown outside fenced code blocks and code spans. */
function prose(markdown: string): string {
  return withoutFences(markdown).replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchors of a file's headings: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const found = new Set<string>();
  for (const [, heading = ''] of withoutFences(markdown)
    .replace(/`([^`\n]*)`/g, '$1')
    .matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const base = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    found.add(n === 0 ? base : `${base}-${n}`);
  }
  return found;
}

/** `[text](target)` links whose target is in this repository. */
function relativeLinks(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((m) => m[1] ?? '')
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

function problems(file: string): string[] {
  const markdown = readFileSync(join(root, file), 'utf8');
  const found: string[] = [];
  for (const target of relativeLinks(markdown)) {
    const [path = '', anchor] = target.split('#');
    const resolved = path === '' ? join(root, file) : join(dirname(join(root, file)), decodeURIComponent(path));
    if (!existsSync(resolved)) {
      found.push(`${file}: ${target}: no file ${relative(root, resolved)}`);
      continue;
    }
    if (anchor !== undefined && !(statSync(resolved).isFile() && anchors(readFileSync(resolved, 'utf8')).has(anchor))) {
      found.push(`${file}: ${target}: no heading #${anchor} in ${relative(root, resolved)}`);
    }
  }
  return found;
}

describe('links', () => {
  it.each(published)('%s: every relative link resolves', (file) => {
    expect(problems(file)).toEqual([]);
  });

  it('catches a missing file and a missing heading', () => {
    expect(anchors('# The report\n## What `verify` does\n## What verify does\n```\n# not a heading\n```\n')).toEqual(
      new Set(['the-report', 'what-verify-does', 'what-verify-does-1']),
    );
    expect(relativeLinks('[a](docs/nowhere.md) [b](https://x.test) `[c](code.md)` [d](#here)')).toEqual([
      'docs/nowhere.md',
      '#here',
    ]);
  });

  it('the README links into every page of docs/', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const page of docs)
      expect(
        relativeLinks(readme).some((target) => target.split('#')[0] === page),
        page,
      ).toBe(true);
  });
});
