import { INPUTS } from '../core/settings/inputs.ts';
import {
  DEFAULT_APPLY_REPORT_NAME,
  DEFAULT_REPORT_NAME,
  DEFAULT_RESTORE_REPORT_NAME,
} from '../core/settings/run-files.ts';
import { COMMAND } from '../core/common/version.ts';
import { BASE_URL_VARIABLE } from './base-url-variable.ts';

/** The default shown for a flag where the command's differs from the action's. */
export const COMMAND_DEFAULTS: Readonly<Record<string, string>> = {
  'report-file': `./${DEFAULT_REPORT_NAME}`,
};

/** Flags an environment variable gives when the command line does not: the flag wins. */
const FROM_VARIABLE: Readonly<Record<string, string>> = { 'base-url': BASE_URL_VARIABLE };

/** A flag's default as help shows it: the variable that gives it first, if any. */
function shownDefault(name: string, fallback: string): string {
  const variable = FROM_VARIABLE[name];
  return variable === undefined ? fallback : `${fallback} unless ${variable} is set`;
}

/** `--markdown-file`, in --help and apply --help (and docs/inputs.md's flags table). */
export const MARKDOWN_FILE_HELP =
  'write the review as Markdown with a picture of each upload, for a pull-request or merge request comment';

/** A line of --help: the flag and what it does. */
export interface HelpRow {
  readonly flag: string;
  readonly text: string;
}

/** The command's flags that are no input of the action, in --help and docs/inputs.md. */
export const OWN_FLAG_ROWS: readonly HelpRow[] = [
  { flag: '--json', text: 'print the report document on stdout, and nothing else there' },
  { flag: '--markdown-file PATH', text: MARKDOWN_FILE_HELP },
  {
    flag: '--progress auto|live|lines|off',
    text: 'progress display (default: auto: live on a terminal, lines elsewhere)',
  },
  { flag: '-h, --help', text: 'show this help' },
  { flag: '-v, --version', text: 'show the version' },
];

/** The subcommands, in --help and docs/inputs.md. */
export const SUBCOMMAND_ROWS: readonly HelpRow[] = [
  {
    flag: `apply PLAN_FILE [--plan-sha256 SHA256]`,
    text: "delete what a dry run's report planned, re-checked first (see apply --help)",
  },
  {
    flag: `restore BACKUP_DIR [--only IDS]`,
    text: 'bring back the uploads a run with --backup-dir saved (see restore --help)',
  },
];

/** `--help`: every flag with its default and an example, then the exit codes. */
export function helpText(): string {
  const rows = INPUTS.map((input) => {
    const flag = `--${input.name}${input.placeholder === undefined ? '' : ` ${input.placeholder}`}`;
    const fallback = COMMAND_DEFAULTS[input.name] ?? (input.kind === 'boolean' ? 'off' : input.default);
    const notes = [
      fallback === '' ? '' : `default: ${shownDefault(input.name, fallback)}`,
      input.example === undefined ? '' : `e.g. --${input.name} ${input.example}`,
    ].filter((note) => note !== '');
    return { flag, text: notes.length === 0 ? input.help : `${input.help}\n(${notes.join('; ')})` };
  });
  return [
    `${COMMAND.name} ${COMMAND.version}: delete DatoCMS uploads and upload tracks, wait for the jobs, report every item.`,
    '',
    'Usage:',
    `  export DATOCMS_API_TOKEN=...   # a CMA token whose role may delete uploads`,
    `  export ${BASE_URL_VARIABLE}=...    # optional: another CMA base URL (--base-url wins)`,
    `  ${COMMAND.name} --upload-ids-file obsolete.txt --only-unused --dry-run`,
    `  ${COMMAND.name} --scope library --older-than 90d --only-unused --max-deletions 5000`,
    '',
    'Flags (the same as the GitHub Action inputs):',
    ...table(rows),
    '',
    'Other flags:',
    ...table(OWN_FLAG_ROWS),
    '',
    'Commands:',
    ...table(SUBCOMMAND_ROWS),
    '',
    `The token is read from DATOCMS_API_TOKEN, never from a flag; the base URL from --base-url,`,
    `else ${BASE_URL_VARIABLE}. Relative paths start at the current folder. Progress and messages`,
    'go to stderr; the summary, or with --json the report, goes to stdout.',
    '',
    'Exit codes: 0 done (items not deleted are reported, not fatal, unless --fail-on-failed);',
    '1 the run failed, or items were not deleted with --fail-on-failed; 2 bad flags or values,',
    'nothing sent; 130 interrupted (Ctrl-C; 143 for SIGTERM).',
    '',
  ].join('\n');
}

function table(rows: readonly { flag: string; text: string }[]): string[] {
  const width = Math.max(...rows.map((row) => row.flag.length)) + 2;
  const lines: string[] = [];
  for (const row of rows) {
    const [first = '', ...rest] = row.text.split('\n');
    const fits = row.flag.length + 2 <= width && width <= 36;
    if (fits) lines.push(`  ${row.flag.padEnd(width)}${first}`);
    else lines.push(`  ${row.flag}`, `      ${first}`);
    for (const line of rest) lines.push(`${' '.repeat(fits ? width + 2 : 6)}${line}`);
  }
  return lines;
}

const byName = new Map(INPUTS.map((input) => [input.name, input]));

/** A flag of INPUTS as a help row, with its default. */
function flag(name: string): { flag: string; text: string } {
  const input = byName.get(name);
  const fallback =
    input === undefined ? '' : (COMMAND_DEFAULTS[name] ?? (input.kind === 'boolean' ? '' : input.default));
  return {
    flag: `--${name}${input?.placeholder === undefined ? '' : ` ${input.placeholder}`}`,
    text: `${input?.help ?? ''}${fallback === '' ? '' : ` (default: ${shownDefault(name, fallback)})`}`,
  };
}

/** `apply --help`: the subcommand that deletes what a reviewed dry run planned. */
export function applyHelpText(): string {
  const rows = [
    flag('plan-sha256'),
    flag('plan-max-age'),
    { flag: '--environment ID', text: "the environment to delete in: it must be the plan's (default: the primary)" },
    { flag: '--dry-run', text: 're-check the plan and report what applying it would delete; delete nothing' },
    ...[
      'max-deletions',
      'verify',
      'backup-dir',
      'backup-max-bytes',
      'delete-endpoint',
      'job-timeout',
      'fail-on-failed',
      'base-url',
    ].map(flag),
    { ...flag('report-file'), text: `where to write the JSON report (default: ./${DEFAULT_APPLY_REPORT_NAME})` },
    { flag: '--markdown-file PATH', text: MARKDOWN_FILE_HELP },
    { flag: '--json', text: 'print the report document on stdout, and nothing else there' },
    { flag: '--progress auto|live|lines|off', text: 'progress display (default: auto)' },
  ];
  return [
    `${COMMAND.name} apply: delete what a reviewed dry run planned, and nothing else.`,
    '',
    'Usage:',
    `  ${COMMAND.name} --scope library --older-than 90d --only-unused --dry-run --report-file plan.json`,
    `  # review plan.json (every item it would delete), note its SHA-256 (printed at the end), then:`,
    `  ${COMMAND.name} apply plan.json --plan-sha256 <the SHA-256 printed by the dry run>`,
    '',
    'Flags:',
    ...table(rows),
    '',
    "The plan is the selection: its uploads are listed again by ID with the plan's criteria, and",
    'an upload that no longer qualifies (now in use, tags changed...), whose file changed (md5 or',
    'size) or that is gone is skipped with its reason, as is a track that is gone; only the rest',
    'is deleted. A plan can only shrink: the dry run seals it with a key from its API token, and',
    'an item taken out of the file is not deleted, while an item added or changed, or criteria,',
    'environment or dates edited, refuse the plan. Refused before anything is deleted: a file',
    "that is not a dry run report, or not the --plan-sha256 given; a plan without this token's",
    'seal unless --plan-sha256 pins it; a plan older than --plan-max-age, made for another',
    'environment, or of more items than --max-deletions. Selection flags (--filter...) are refused.',
    '',
    'Exit codes: 0 done (skipped items are not failures); 1 the run failed, or items were not',
    'deleted with --fail-on-failed; 2 bad flags, values or plan, nothing sent; 130 interrupted.',
    '',
  ].join('\n');
}

/** `restore --help`: the subcommand that re-creates a backup's uploads. */
export function restoreHelpText(): string {
  const rows = [
    { flag: '--only IDS', text: 'restore only these uploads of the backup (old IDs, separated by commas; repeatable)' },
    {
      flag: '--environment ID',
      text: "restore into this environment (default: the backup's own; another one only when given)",
    },
    { flag: '--dry-run', text: 'check the backup and say what would be restored; create nothing' },
    { ...flag('report-file'), text: `where to write the JSON report (default: ./${DEFAULT_RESTORE_REPORT_NAME})` },
    flag('base-url'),
    { flag: '--job-timeout SECONDS', text: 'seconds for the whole restore, about 0.15 per upload (default: 600)' },
    {
      flag: '--fail-on-failed',
      text: 'accepted, and not needed: a restore exits 1 whenever an upload was not restored',
    },
    { flag: '--json', text: 'print the report document on stdout, and nothing else there' },
    { flag: '--progress auto|live|lines|off', text: 'progress display (default: auto)' },
  ];
  return [
    `${COMMAND.name} restore: re-create the uploads a cleanup saved with --backup-dir.`,
    '',
    'Usage:',
    `  export DATOCMS_API_TOKEN=...   # a CMA token whose role may create uploads`,
    `  ${COMMAND.name} restore ./media-backup --dry-run`,
    `  ${COMMAND.name} restore ./media-backup --only q0VNpiNQSkG6z0lif_O1zg`,
    '',
    'Flags:',
    ...table(rows),
    '',
    'Each upload is re-created with its file (checked against the manifest first), filename,',
    'author, copyright, notes, alt texts and titles, tags and upload collection, under a new ID.',
    'id-map.json in the backup folder maps each old ID to its new one; running restore again',
    'skips what it holds, so an interrupted restore resumes. Records that used an old upload',
    'are not relinked: its ID is gone. Tracks are not re-created (their media was not saved).',
    '',
    'Exit codes: 0 done (every upload restored, or skipped as restored before or still there);',
    '1 the restore failed, or restored fewer uploads than it was to; 2 bad flags, values or',
    'backup, nothing sent; 130 interrupted (143 for SIGTERM).',
    '',
  ].join('\n');
}
