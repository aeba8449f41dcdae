/** docs/inputs.md, action.yml and the code name the same inputs, defaults and outputs. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { outputs } from '../src/action/summary.ts';
import { OWN_FLAGS } from '../src/cli/args.ts';
import { COMMAND_DEFAULTS, helpText } from '../src/cli/help.ts';
import { ACTION_INPUTS, ACTION_ONLY_INPUTS, INPUTS } from '../src/core/settings/inputs.ts';
import { readCommentInputs } from '../src/core/settings/comment-inputs.ts';
import { CleanupResult } from '../src/core/result/result.ts';
import { buildSettings } from '../src/core/build-settings.ts';
import { nodeFiles } from '../src/core/settings/node-files.ts';
import { ACTION_WORDING } from '../src/core/settings/wording.ts';
import { tmpdir } from 'node:os';
import { inputsDoc as writeInputsDoc } from '../scripts/write-docs.ts';

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
const actionYml = read('action.yml');
const inputsDoc = read('docs/inputs.md');

/** `name: { default }` of a top-level section (inputs or outputs) of action.yml. */
function section(name: 'inputs' | 'outputs'): Map<string, string | undefined> {
  const body = actionYml.split(new RegExp(`^${name}:\\n`, 'm'))[1]?.split(/^\S/m)[0] ?? '';
  const entries = new Map<string, string | undefined>();
  for (const block of body.split(/^ {2}(?=[a-z])/m).filter((b) => b.trim() !== '')) {
    const key = block.split(':')[0] ?? '';
    entries.set(key, /^ {4}default: '(.*)'$/m.exec(block)?.[1]);
  }
  return entries;
}

/** Rows `| \`name\` | default | ... |` of the docs/inputs.md table after `heading`. */
function docTable(heading: string): Map<string, string> {
  const table =
    inputsDoc
      .split(heading)[1]
      ?.split(/\n\n/)
      .find((block) => block.startsWith('|')) ?? '';
  const rows = new Map<string, string>();
  for (const match of table.matchAll(/^\| `([a-z0-9-]+)` +\| ([^|]+?) +\|/gm)) rows.set(match[1] ?? '', match[2] ?? '');
  return rows;
}

describe('documentation', () => {
  it('docs/inputs.md is what `npm run docs` writes', async () => {
    expect(inputsDoc, 'run npm run docs').toBe(await writeInputsDoc(actionYml));
  });

  it('lists every action.yml input in docs/inputs.md with the same default', () => {
    const inputs = section('inputs');
    const documented = docTable('## Inputs of the action');
    expect([...documented.keys()].sort()).toEqual([...inputs.keys()].sort());
    for (const [name, fallback] of inputs) {
      expect(documented.get(name), name).toBe(fallback === undefined ? '(required)' : `\`'${fallback}'\``);
    }
  });

  it('lists every output the action sets, in action.yml and in docs/inputs.md', () => {
    const set = Object.keys(outputs(new CleanupResult())).sort();
    expect([...section('outputs').keys()].sort()).toEqual(set);
    expect([...docTable('## Outputs of the action').keys()].sort()).toEqual(set);
  });

  it('reads every input action.yml declares, with the defaults it declares', async () => {
    const asked = new Set<string>();
    const inputs = section('inputs');
    const places = { workspace: tmpdir(), reportDir: tmpdir() };
    const input = (name: string) => {
      asked.add(name);
      return name === 'api-token' ? 'token' : (inputs.get(name) ?? '');
    };
    await buildSettings(input, { places, files: nodeFiles }, ACTION_WORDING);
    readCommentInputs(input);
    expect([...asked].sort()).toEqual([...inputs.keys()].sort());
  });
});

describe('the command and the action name the same inputs', () => {
  it('action.yml declares the inputs of ACTION_INPUTS (and api-token), with the same defaults', () => {
    const inputs = section('inputs');
    expect([...inputs.keys()].sort()).toEqual(['api-token', ...ACTION_INPUTS.map((input) => input.name)].sort());
    for (const input of ACTION_INPUTS) expect(inputs.get(input.name), input.name).toBe(input.default);
  });

  it("docs/inputs.md's flags table lists every flag with the default the command applies", () => {
    const table = inputsDoc.split('## Flags of the command')[1]?.split('\n## ')[0] ?? '';
    const rows = new Map<string, { default: string; help: string }>();
    for (const match of table.matchAll(/^\| `--([a-z0-9-]+)(?: ([^`]+))?` +\| ([^|]*?) +\| (.+?) +\|$/gm)) {
      rows.set(match[1] ?? '', { default: match[3] ?? '', help: (match[4] ?? '').replace(/\\\|/g, '|') });
    }
    for (const input of INPUTS) {
      const fallback = COMMAND_DEFAULTS[input.name] ?? input.default;
      const shown = input.kind === 'boolean' ? 'off' : fallback === '' ? '(none)' : `\`${fallback}\``;
      expect(rows.get(input.name), `--${input.name}`).toEqual({ default: shown, help: input.help });
    }
    expect([...rows.keys()].filter((name) => !INPUTS.some((input) => input.name === name)).sort()).toEqual([
      'json',
      'markdown-file',
      'progress',
    ]);
  });

  it('--help names every flag of the table', () => {
    const help = helpText();
    for (const input of INPUTS) expect(help).toContain(`--${input.name}`);
    for (const own of Object.keys(OWN_FLAGS)) expect(help).toContain(`--${own}`);
    for (const input of ACTION_ONLY_INPUTS) expect(help).not.toContain(`--${input.name}`);
  });
});
