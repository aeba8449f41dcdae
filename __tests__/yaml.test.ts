/**
 * The YAML we publish, through GitHub's own parser of workflows and action metadata
 * (@actions/workflow-parser): action.yml, every workflow under .github/, and every YAML example
 * of the README and of docs/. Steps that use this action must name only its inputs and outputs,
 * and every command line of them must parse as the command's flags.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { CodeBlock } from '../scripts/readme-examples.ts';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { parseAction } from '@actions/workflow-parser/actions/action-parser';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { codeBlocks } from '../scripts/readme-examples.ts';
import { currentRepository } from '../scripts/set-repository.ts';
import { parseCommand } from '../src/cli/args.ts';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const actionYml = parseYaml(read('action.yml')) as {
  inputs: Record<string, { required?: boolean }>;
  outputs: Record<string, unknown>;
};
const published = [
  'README.md',
  ...readdirSync(new URL('../docs/', import.meta.url))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
/** Every fenced block of the README and docs/, with the file it is in. */
const examples: (CodeBlock & { readonly file: string })[] = published.flatMap((file) =>
  codeBlocks(read(file)).map((block) => ({ ...block, file })),
);
/** This action's owner/name, as the README's `uses:` lines name it (package.json's repository). */
const repository = currentRepository(read('package.json'));
const workflows = readdirSync(new URL('../.github/workflows/', import.meta.url)).map(
  (name) => `.github/workflows/${name}`,
);

/** GitHub's errors for a workflow, as `file (Line: n, Col: m): message`. */
async function workflowErrors(name: string, content: string): Promise<string[]> {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((error) => error.message);
  if (parsed.value === undefined) return errors.length > 0 ? errors : [`${name}: not a workflow`];
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  return [...new Set([...errors, ...(template.errors ?? []).map((error) => error.Message)])];
}

interface Step {
  readonly id?: string;
  readonly uses?: string;
  readonly with?: Record<string, unknown>;
}

/** Problems of the steps that use this action: unknown inputs, a missing api-token, unknown outputs read. */
function ourStepProblems(steps: readonly Step[], text: string): string[] {
  const problems: string[] = [];
  const ours = steps.filter((step) => step.uses === './' || step.uses?.startsWith(`${repository}@`) === true);
  for (const step of ours) {
    for (const input of Object.keys(step.with ?? {})) {
      if (!(input in actionYml.inputs)) problems.push(`input ${input} is not in action.yml`);
    }
    if (step.with?.['api-token'] === undefined) problems.push('api-token (required) is not given');
  }
  const ids = new Set(ours.flatMap((step) => (step.id === undefined ? [] : [step.id])));
  for (const [, id = '', output = ''] of text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
    if (ids.has(id) && !(output in actionYml.outputs))
      problems.push(`output ${output} of step ${id} is not in action.yml`);
  }
  return problems;
}

const stepsOf = (workflow: { jobs?: Record<string, { steps?: Step[] }> }) =>
  Object.values(workflow.jobs ?? {}).flatMap((job) => job.steps ?? []);

describe('YAML checked by GitHub’s parser', () => {
  it('action.yml', () => {
    const parsed = parseAction({ name: 'action.yml', content: read('action.yml') }, new NoOperationTraceWriter());
    expect(parsed.context.errors.getErrors().map((error) => error.message)).toEqual([]);
    expect(read('action.yml')).toMatch(/^ {2}using: node24$/m);
  });

  it.each(workflows)('%s', async (path) => {
    expect(await workflowErrors(path, read(path))).toEqual([]);
    expect(ourStepProblems(stepsOf(parseYaml(read(path)) as object), read(path))).toEqual([]);
  });

  it('catches what it is trusted with: a wrong key, an unknown expression, a runtime GitHub does not know', async () => {
    const broken =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ foo.bar }}\n      - runs: x\n';
    const errors = (await workflowErrors('broken.yml', broken)).join('\n');
    expect(errors).toContain("Unexpected value 'runs'");
    expect(errors).toContain("Unrecognized named-value: 'foo'");
    const node99 = read('action.yml').replace('using: node24', 'using: node99');
    const parsed = parseAction({ name: 'action.yml', content: node99 }, new NoOperationTraceWriter());
    const line = node99.split('\n').findIndex((text) => text.includes('using: node99')) + 1;
    expect(parsed.context.errors.getErrors().map((error) => error.message)).toEqual([
      `action.yml (Line: ${line}, Col: 10): Unexpected value 'node99'`,
    ]);
    expect(ourStepProblems([{ uses: './', with: { 'api-tokn': 'x' } }], '')).toEqual([
      'input api-tokn is not in action.yml',
      'api-token (required) is not given',
    ]);
  });
});

describe('README and docs/ examples', () => {
  const yamlBlocks = examples.filter((block) => block.lang === 'yaml' || block.lang === 'yml');

  it('are all found', () => {
    expect(yamlBlocks.length).toBeGreaterThanOrEqual(15);
    expect(new Set(yamlBlocks.map((block) => block.file)).size).toBeGreaterThanOrEqual(5);
  });

  it.each(yamlBlocks.map((block) => [block.file, block.line, block] as const))(
    'YAML of %s at line %i runs as written',
    async (file, line, block) => {
      const yaml = parseYaml(block.code) as unknown;
      if (Array.isArray(yaml)) {
        // Steps: checked inside a workflow of their own.
        const indented = block.code.replace(/^(?=.)/gm, '      ');
        const workflow = `on: push\njobs:\n  example:\n    runs-on: ubuntu-latest\n    steps:\n${indented}`;
        expect(await workflowErrors(`${file} line ${line}`, workflow)).toEqual([]);
        expect(ourStepProblems(yaml as Step[], block.code)).toEqual([]);
      } else if (typeof yaml === 'object' && yaml !== null && 'jobs' in yaml) {
        expect(await workflowErrors(`${file} line ${line}`, block.code)).toEqual([]);
        expect(ourStepProblems(stepsOf(yaml as { jobs?: Record<string, { steps?: Step[] }> }), block.code)).toEqual([]);
      } else if (typeof yaml === 'object' && yaml !== null && 'pipelines' in yaml) {
        // Bitbucket Pipelines: every step's script that runs the command parses as its flags.
        const commands = scripts(yaml).filter((line) => /\bdatocms-media-cleanup\b/.test(line));
        expect(commands.length).toBeGreaterThan(0);
        for (const command of commands) expectCommandLine(command);
      } else {
        // A GitLab CI job: every job runs the command in its script, and those lines parse as its flags.
        const jobs = Object.values(yaml as Record<string, { script?: string[] }>);
        expect(jobs.length).toBeGreaterThan(0);
        for (const job of jobs) {
          expect(Array.isArray(job.script)).toBe(true);
          const commands = (job.script ?? []).filter((line) => /\bdatocms-media-cleanup\b/.test(line));
          expect(commands.length).toBeGreaterThan(0);
          for (const command of commands) expectCommandLine(command);
        }
      }
    },
  );

  it('command lines parse as the command’s flags', () => {
    const lines = examples
      .filter((block) => block.lang === 'sh' || block.lang === 'bash')
      .flatMap((block) => block.code.split('\n'))
      .filter((text) => /\bdatocms-media-cleanup\b/.test(text) && !text.trim().startsWith('#'));
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const text of lines) expectCommandLine(text);
  });
});

/** Every `script` list inside a Bitbucket Pipelines document. */
function scripts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(scripts);
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === 'script' && Array.isArray(value) ? value.filter((line) => typeof line === 'string') : scripts(value),
  );
}

/**
 * `npx datocms-media-cleanup --flags...` (or the packed command, `npx --yes URL.tgz --flags...`)
 * parses; a value in quotes is taken whole. A tarball must be this repository's release asset,
 * one version in the tag and the file name.
 */
function expectCommandLine(text: string): void {
  const words = [...text.replace(/#.*$/, '').matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map(
    (m) => m[1] ?? m[2] ?? m[3] ?? '',
  );
  const at = words.findIndex((word) => word === 'datocms-media-cleanup' || word.endsWith('.tgz'));
  expect(at, text).toBeGreaterThanOrEqual(0);
  const tarball = /^https:\/\/github\.com\/(.+)\/releases\/download\/v([^/]+)\/datocms-media-cleanup-(.+)\.tgz$/.exec(
    words[at] ?? '',
  );
  if (words[at] !== 'datocms-media-cleanup')
    expect(tarball?.slice(1), text).toEqual([repository, tarball?.[3], tarball?.[2]]);
  expect(() => parseCommand(words.slice(at + 1)), text).not.toThrow();
}

describe('.github/dependabot.yml', () => {
  it('updates npm and GitHub Actions, weekly', () => {
    const config = parseYaml(read('.github/dependabot.yml')) as {
      version: number;
      updates: { 'package-ecosystem': string; directory: string; schedule: { interval: string } }[];
    };
    expect(config.version).toBe(2);
    expect(config.updates.map((update) => update['package-ecosystem']).sort()).toEqual(['github-actions', 'npm']);
    for (const update of config.updates)
      expect(update).toMatchObject({ directory: '/', schedule: { interval: 'weekly' } });
  });
});
