/**
 * `npm run docs`: writes docs/inputs.md, the tables of the action's inputs and outputs and of the
 * command's flags, from the one list of inputs (src/core/settings/inputs.ts), action.yml's
 * descriptions and the command's help rows. A test fails when the file is not what this writes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format } from 'prettier';
import { parse } from 'yaml';
import { COMMAND_DEFAULTS, OWN_FLAG_ROWS, SUBCOMMAND_ROWS } from '../src/cli/help.ts';
import { INPUTS } from '../src/core/settings/inputs.ts';

export const INPUTS_DOC = new URL('../docs/inputs.md', import.meta.url);

/** Where each input is explained at length (a page of docs/, with its section). */
const SEE: Readonly<Record<string, string>> = {
  'upload-ids-file': 'selecting.md#lists-from-files',
  'upload-tracks-file': 'selecting.md#lists-from-files',
  scope: 'selecting.md',
  filter: 'selecting.md#filter-rules',
  'only-unused': 'selecting.md#uploads-in-use',
  'confirm-unused': 'selecting.md#proven-unused-confirm-unused',
  environment: 'environments.md',
  'delete-endpoint': 'how-it-works.md#which-endpoint-deletes',
  verify: 'how-it-works.md#verified-deletions',
  'report-file': 'report.md',
  'backup-dir': 'backup-restore.md',
  'backup-max-bytes': 'backup-restore.md',
  'restore-from': 'backup-restore.md',
  'plan-file': 'plans.md',
  'plan-sha256': 'plans.md#what-binds-a-plan',
  'plan-max-age': 'plans.md',
  'github-token': 'pull-requests.md',
  'pr-comment': 'pull-requests.md',
  'pr-number': 'pull-requests.md',
};

interface ActionYml {
  readonly inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  readonly outputs: Record<string, { description: string }>;
}

/** A table cell: pipes escaped, one line. */
const cell = (text: string) => text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
const see = (name: string) => (SEE[name] === undefined ? '' : ` See [${SEE[name].split('#')[0]}](${SEE[name]}).`);

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

/** docs/inputs.md as it must be (formatted as `prettier --check` wants it). */
export async function inputsDoc(actionYml: string): Promise<string> {
  const action = parse(actionYml) as ActionYml;
  const inputs = Object.entries(action.inputs).map(([name, input]) => [
    `\`${name}\``,
    input.required === true ? '(required)' : `\`'${input.default ?? ''}'\``,
    cell(input.description) + see(name),
  ]);
  const flags = INPUTS.map((input) => {
    const fallback = COMMAND_DEFAULTS[input.name] ?? input.default;
    const shown = input.kind === 'boolean' ? 'off' : fallback === '' ? '(none)' : `\`${fallback}\``;
    const flag = `--${input.name}${input.placeholder === undefined ? '' : ` ${input.placeholder}`}`;
    return [`\`${cell(flag)}\``, shown, cell(input.help)];
  });
  const own = [...OWN_FLAG_ROWS, ...SUBCOMMAND_ROWS].map((row) => [`\`${cell(row.flag)}\``, '', cell(row.text)]);
  const outputs = Object.entries(action.outputs).map(([name, output]) => [`\`${name}\``, cell(output.description)]);
  const text = [
    '<!-- Written by `npm run docs` from src/core/settings/inputs.ts, action.yml and src/cli/help.ts: edit those, not this file. -->',
    '',
    '# Inputs, flags and outputs',
    '',
    'The action and the command take the same settings, checked the same way, with the same messages:',
    'each input below is a flag of the command (`--name`), but `api-token` (the command reads',
    '`DATOCMS_API_TOKEN`) and the pull-request inputs. A boolean input is a flag without a value',
    '(`--dry-run`); a list flag can be repeated. The command also reads `DATOCMS_BASE_URL` when',
    '`--base-url` is not given.',
    '',
    '## Inputs of the action',
    '',
    ...table(['Input', 'Default', 'Description'], inputs),
    '',
    '## Flags of the command',
    '',
    ...table(['Flag', 'Default', 'What it does'], flags),
    '',
    'The command only:',
    '',
    ...table(['Flag or command', '', 'What it does'], own),
    '',
    '## Outputs of the action',
    '',
    'The outputs are written whenever the inputs were valid, also when the step fails (with what',
    'was known by then).',
    '',
    ...table(['Output', 'Description'], outputs),
    '',
  ].join('\n');
  return format(text, { filepath: fileURLToPath(INPUTS_DOC) });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const actionYml = readFileSync(new URL('../action.yml', import.meta.url), 'utf8');
  writeFileSync(INPUTS_DOC, await inputsDoc(actionYml));
  console.log(`wrote ${fileURLToPath(INPUTS_DOC)}`);
}
