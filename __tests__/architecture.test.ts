/** One engine, two thin front doors: the layout of src/ and the bundles hold to it. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../src/', import.meta.url).pathname;
const SIMULATOR = new URL('../simulator/', import.meta.url).pathname;
const read = (path: string, root = SRC) => readFileSync(join(root, path), 'utf8');
/** The .ts files under `folder` (a path under `root`), in every subfolder. */
const filesOf = (folder: string, root = SRC): string[] =>
  readdirSync(join(root, folder)).flatMap((name) => {
    const path = folder === '.' ? name : `${folder}/${name}`;
    if (statSync(join(root, path)).isDirectory()) return filesOf(path, root);
    return name.endsWith('.ts') ? [path] : [];
  });
const all = [...filesOf('core'), ...filesOf('action'), ...filesOf('cli')];

/**
 * The core's capability folders, lowest first: a folder may import only the folders before it.
 * The files at the top of core/ compose them (a run, a restore, the settings of a run).
 */
const LAYERS = [
  'common',
  'criteria',
  'settings',
  'cma',
  'assets',
  'select',
  'result',
  'delete',
  'report',
  'backup',
  'restore',
  'plan',
  'review',
] as const;

/** The capability folder of a path under src/ (`core/cma/cma-http.ts` → `cma`); undefined at the top of core/. */
const folderOf = (path: string): string | undefined => /^core\/([^/]+)\//.exec(path)?.[1];

/** The modules `file` imports: relative ones as paths under `root`, packages by name. */
function importsOf(file: string, root = SRC): string[] {
  return [...read(file, root).matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)].map(([, spec = '']) =>
    spec.startsWith('.') ? relative(root, resolve(dirname(join(root, file)), spec)) : spec,
  );
}

/** Fails with the first import circle among `files` (type-only imports count). */
function expectNoCircle(files: readonly string[], root = SRC): void {
  const graph = new Map(files.map((file) => [file, importsOf(file, root).filter((spec) => spec.endsWith('.ts'))]));
  const done = new Set<string>();
  const visit = (file: string, path: string[]): void => {
    expect(path, `circle: ${[...path, file].join(' -> ')}`).not.toContain(file);
    if (done.has(file)) return;
    for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
    done.add(file);
  };
  for (const file of files) visit(file, []);
}

describe('src/', () => {
  it('has only core/, action/ and cli/', () => {
    expect(readdirSync(SRC).sort()).toEqual(['action', 'cli', 'core']);
  });

  it('core/ knows nothing of the front doors, GitHub, the process or the terminal', () => {
    for (const file of filesOf('core')) {
      const imports = importsOf(file);
      expect(
        imports.filter(
          (spec) => !spec.startsWith('core/') && !spec.startsWith('node:') && !['undici', 'p-limit'].includes(spec),
        ),
        file,
      ).toEqual([]);
      expect(read(file), file).not.toMatch(/process\.(env|exit|stdout|stderr|argv|on\(|once\()/);
    }
  });

  it('core/ is one folder per capability, each saying what it owns, with the composition on top', () => {
    const folders = readdirSync(join(SRC, 'core')).filter((name) => statSync(join(SRC, 'core', name)).isDirectory());
    expect(folders.sort()).toEqual([...LAYERS].sort());
    const map = readFileSync(new URL('../CONTRIBUTING.md', import.meta.url), 'utf8');
    for (const folder of folders) {
      expect(read(`core/${folder}/README.md`), folder).toMatch(/\S/);
      expect(map, `CONTRIBUTING.md's map of the tree`).toContain(`src/core/${folder}/ `);
    }
  });

  it('imports between the capability folders run one way: down, never up, never to the top', () => {
    const upward: string[] = [];
    for (const file of filesOf('core')) {
      const own = folderOf(file) as (typeof LAYERS)[number] | undefined;
      if (own === undefined) continue;
      const allowed = new Set<string>([...LAYERS.slice(0, LAYERS.indexOf(own)), own]);
      for (const spec of importsOf(file)) {
        if (spec.startsWith('core/') && !allowed.has(folderOf(spec) ?? '')) upward.push(`${file} -> ${spec}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('each front door uses the core, never the other door', () => {
    for (const file of filesOf('action'))
      expect(
        importsOf(file).filter((spec) => spec.startsWith('cli/')),
        file,
      ).toEqual([]);
    for (const file of filesOf('cli')) {
      expect(
        importsOf(file).filter((spec) => spec.startsWith('action/') || spec.startsWith('@actions/')),
        file,
      ).toEqual([]);
    }
  });

  it('has no import circle', () => {
    expectNoCircle(all);
  });
});

describe('simulator/', () => {
  const files = filesOf('.', SIMULATOR);
  /** The folder of a path under simulator/; undefined at its root, which composes the folders. */
  const folderIn = (path: string) => /^([^/]+)\//.exec(path)?.[1];

  it('plays the CMA and the asset host in a folder each, over what both use, composed at the root', () => {
    const may: Readonly<Record<string, readonly string[]>> = {
      common: [],
      cma: ['common'],
      assets: ['common'],
      github: ['common'],
    };
    const wrong: string[] = [];
    for (const file of files) {
      const own = folderIn(file);
      if (own === undefined) continue;
      expect(Object.keys(may), `simulator/${own}/`).toContain(own);
      for (const spec of importsOf(file, SIMULATOR).filter((each) => each.endsWith('.ts'))) {
        const target = folderIn(spec);
        if (target !== own && !(may[own] ?? []).includes(target ?? '')) wrong.push(`${file} -> ${spec}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has no import circle', () => {
    expectNoCircle(files, SIMULATOR);
  });
});

describe('the bundles', () => {
  const dist = (path: string) => readFileSync(new URL(`../dist/${path}`, import.meta.url), 'utf8');

  it("keep the command's code out of the action's, and GitHub's out of the command's", () => {
    const action = dist('index.js');
    const command = readdirSync(new URL('../dist/cli/', import.meta.url))
      .filter((name) => name.endsWith('.js'))
      .map((name) => dist(`cli/${name}`))
      .join('\n');
    expect(action.includes('see --help for every flag'), 'the flags parser in dist/index.js').toBe(false);
    expect(action.includes('add-mask'), '@actions/core in dist/index.js').toBe(true);
    expect(command.includes('see --help for every flag'), 'the flags parser in dist/cli/index.js').toBe(true);
    expect(command.includes('add-mask'), '@actions/core in dist/cli/index.js').toBe(false);
  });

  it('make the command an executable script that loads the engine only for a run', () => {
    const entry = dist('cli/index.js');
    expect(entry.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(entry.includes('undici'), 'the HTTP client in the entry chunk').toBe(false);
  });
});
