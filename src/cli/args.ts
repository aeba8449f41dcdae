import { parseArgs } from 'node:util';
import { INPUTS, type InputSpec } from '../core/settings/inputs.ts';
import { shownValue } from '../core/common/shown-value.ts';
import { closestFlag } from './closest-flag.ts';

/** What the command line asks for: a run with these raw values, or help, or the version. */
export type Command =
  | { readonly kind: 'help'; readonly topic?: 'restore' | 'apply' }
  | { readonly kind: 'version' }
  | {
      readonly kind: 'run';
      readonly inputs: ReadonlyMap<string, string>;
      readonly json: boolean;
      readonly progress: Progress;
      /** `--markdown-file`: where to write the review (core/review), as given. */
      readonly markdownFile: string | undefined;
    };

/** How progress shows: `auto` is a live line on a terminal and plain lines elsewhere. */
export type Progress = 'auto' | 'live' | 'lines' | 'off';
const PROGRESS: readonly Progress[] = ['auto', 'live', 'lines', 'off'];

/** A command line that cannot be run: exit code 2, and the message says what to write instead. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The command's own flags, beside the inputs it shares with the action. */
export const OWN_FLAGS = {
  json: { type: 'boolean' },
  progress: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  only: { type: 'string', multiple: true },
  'markdown-file': { type: 'string', multiple: true },
} as const;

/** The subcommand that brings a backup back: `restore BACKUP_DIR [--only IDS]`. */
export const RESTORE = 'restore' as const;
/** What `restore` takes besides the folder: the run's target and output, never a selection. */
export const RESTORE_FLAGS: readonly string[] = [
  'only',
  'environment',
  'dry-run',
  'report-file',
  'base-url',
  'job-timeout',
  'fail-on-failed',
  'json',
  'progress',
  'help',
];
const RESTORE_USAGE = 'datocms-media-cleanup restore BACKUP_DIR [--only IDS] [--environment ID] [--dry-run]';

/** The subcommand that applies a reviewed plan: `apply PLAN_FILE [--plan-sha256 SHA256]`. */
export const APPLY = 'apply' as const;
/** What `apply` takes besides the plan: how to delete and report, never a selection (the plan is one). */
export const APPLY_FLAGS: readonly string[] = [
  'plan-sha256',
  'plan-max-age',
  'environment',
  'dry-run',
  'max-deletions',
  'fail-on-failed',
  'job-timeout',
  'delete-endpoint',
  'verify',
  'backup-dir',
  'backup-max-bytes',
  'report-file',
  'markdown-file',
  'base-url',
  'json',
  'progress',
  'help',
];
const APPLY_USAGE = 'datocms-media-cleanup apply PLAN_FILE [--plan-sha256 SHA256] [--environment ID]';

const OPTIONS = {
  ...Object.fromEntries(
    INPUTS.map((input) => [
      input.name,
      input.kind === 'boolean' ? { type: 'boolean' } : { type: 'string', multiple: true },
    ]),
  ),
  ...OWN_FLAGS,
} as const;

const SPECS = new Map(INPUTS.map((input) => [input.name, input]));
const KNOWN = new Set(Object.keys(OPTIONS));
const BOOLEANS = new Set(
  Object.entries(OPTIONS as Record<string, { type: string }>).flatMap(([name, option]) =>
    option.type === 'boolean' ? [name] : [],
  ),
);

/**
 * Reads the command line. Every problem is a UsageError naming the flag, never quoting more
 * than a short piece of a value (it could be a secret typed in the wrong place).
 */
export function parseCommand(argv: readonly string[]): Command {
  const name = argv[0] === RESTORE || argv[0] === APPLY ? argv[0] : undefined;
  const { values, positionals } = readTokens(name === undefined ? argv : argv.slice(1), name !== undefined);
  if (values.has('help')) return name === undefined ? { kind: 'help' } : { kind: 'help', topic: name };
  if (values.has('version')) return { kind: 'version' };
  if (name !== undefined) takeArgument(name, SUBCOMMANDS[name], values, positionals);
  if (name === RESTORE) {
    const only = values.get('only');
    if (only !== undefined) values.set('upload-ids', only);
  } else if (values.has('only')) {
    throw new UsageError(`--only is a flag of restore: ${RESTORE_USAGE}`);
  }
  const [markdownFile] = once(values, 'markdown-file') ?? [];
  const progress = progressOf(values);
  return { kind: 'run', inputs: inputsOf(values), json: values.has('json'), progress, markdownFile };
}

/** What a subcommand takes: its flags, and its one argument, which sets an input. */
interface Subcommand {
  readonly flags: readonly string[];
  readonly usage: string;
  /** Why a flag that is not among `flags` is refused, usage included. */
  readonly refused: (flag: string) => string;
  /** The input its argument sets, what that argument is, and what several of them are not. */
  readonly argument: { readonly input: string; readonly one: string; readonly several: string };
}

const SUBCOMMANDS: Readonly<Record<typeof RESTORE | typeof APPLY, Subcommand>> = {
  [RESTORE]: {
    flags: RESTORE_FLAGS,
    usage: RESTORE_USAGE,
    refused: (flag) =>
      `--${flag} is not a flag of restore, which brings back a backup and deletes nothing: ${RESTORE_USAGE}`,
    argument: { input: 'restore-from', one: 'the backup folder', several: 'one backup folder, not several' },
  },
  [APPLY]: {
    flags: APPLY_FLAGS,
    usage: APPLY_USAGE,
    refused: (flag) =>
      `--${flag} is not a flag of apply: the plan is the selection, and applying it deletes only its items; ${APPLY_USAGE}`,
    argument: {
      input: 'plan-file',
      one: 'the plan file (the report of a dry run)',
      several: 'one plan file, not several',
    },
  },
};

/** Refuses the flags `subcommand` does not take, and sets the input of its one argument. */
function takeArgument(
  name: string,
  subcommand: Subcommand,
  values: Map<string, string[]>,
  positionals: readonly string[],
): void {
  for (const flag of values.keys())
    if (!subcommand.flags.includes(flag)) throw new UsageError(subcommand.refused(flag));
  const { input, one, several } = subcommand.argument;
  if (positionals.length !== 1) {
    throw new UsageError(`${name} needs ${positionals.length === 0 ? one : several}: ${subcommand.usage}`);
  }
  values.set(input, [...positionals]);
}

/** The flags' values by name, and the positional arguments (refused unless `positional`). */
function readTokens(
  argv: readonly string[],
  positional: boolean,
): { values: Map<string, string[]>; positionals: string[] } {
  const { tokens } = parseArgs({
    args: [...argv],
    options: OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values = new Map<string, string[]>();
  const positionals: string[] = [];
  let afterTerminator = false;
  for (const token of tokens) {
    if (token.kind === 'option-terminator') {
      afterTerminator = true;
      continue;
    }
    if (token.kind === 'positional') {
      if (positional) {
        positionals.push(token.value);
        continue;
      }
      if (token.value === RESTORE || token.value === APPLY) {
        throw new UsageError(`${token.value} comes first, before its flags: ${SUBCOMMANDS[token.value].usage}`);
      }
      throw new UsageError(
        `unexpected argument ${shown(token.value)}${afterTerminator ? ' after --' : ''}: every value follows its flag, e.g. --upload-ids-file obsolete.txt (see --help)`,
      );
    }
    const name = checkedName(token.name, token.rawName);
    const spec = SPECS.get(name);
    if (BOOLEANS.has(name)) {
      if (token.inlineValue === true) {
        throw new UsageError(`${token.rawName} takes no value: write ${token.rawName} alone (it is off unless given)`);
      }
      values.set(name, ['true']);
      continue;
    }
    values.set(name, [...(values.get(name) ?? []), valueOf(token, spec)]);
  }
  return { values, positionals };
}

function inputsOf(values: ReadonlyMap<string, string[]>): Map<string, string> {
  const inputs = new Map<string, string>();
  for (const input of INPUTS) {
    const given = values.get(input.name);
    if (given === undefined) continue;
    if (given.length > 1 && input.repeatable !== true) {
      throw new UsageError(`--${input.name} is given ${given.length} times: give it once`);
    }
    inputs.set(input.name, given.join(','));
  }
  return inputs;
}

/** The values of a flag given at most once. */
function once(values: ReadonlyMap<string, string[]>, name: string): string[] | undefined {
  const given = values.get(name);
  if (given !== undefined && given.length > 1)
    throw new UsageError(`--${name} is given ${given.length} times: give it once`);
  return given;
}

function progressOf(values: ReadonlyMap<string, string[]>): Progress {
  const given = once(values, 'progress');
  if (given === undefined) return 'auto';
  const mode = PROGRESS.find((known) => known === given[0]);
  if (mode === undefined) {
    throw new UsageError(`--progress is ${shown(given[0] ?? '')}: expected auto, live, lines or off`);
  }
  return mode;
}

/** The flag's name when it is one of ours; a UsageError saying what was meant otherwise. */
function checkedName(name: string, rawName: string): string {
  if (KNOWN.has(name) && (rawName.startsWith('--') || name === 'help' || name === 'version')) return name;
  if (['api-token', 'token', 'apitoken', 'api-key'].includes(name.toLowerCase())) {
    throw new UsageError(
      `${rawName} is not a flag: the token is read from DATOCMS_API_TOKEN only (a flag would show in process lists and shell history): export DATOCMS_API_TOKEN=...`,
    );
  }
  const near = closestFlag(name, KNOWN);
  throw new UsageError(
    `unknown flag ${shown(rawName)}${near === undefined ? '' : `: did you mean --${near}?`} (see --help for every flag)`,
  );
}

function valueOf(
  token: { readonly rawName: string; readonly value?: string | undefined; readonly inlineValue?: boolean | undefined },
  spec: InputSpec | undefined,
): string {
  const example = spec?.example ?? (token.rawName === '--progress' ? 'lines' : 'VALUE');
  if (token.value === undefined) {
    throw new UsageError(`${token.rawName} needs a value, e.g. ${token.rawName} ${example}`);
  }
  if (token.inlineValue !== true && token.value.length > 1 && token.value.startsWith('-')) {
    throw new UsageError(
      `${token.rawName} needs a value, and the next argument ${shown(token.value)} looks like a flag: write ${token.rawName}=VALUE for a value that starts with a dash`,
    );
  }
  // An empty value is what an unset variable gives ("--environment $SANDBOX"), and read as unset
  // it would widen the run (the primary environment, no filter, no backup): refused. An empty
  // list of IDs selects nothing, which is what it says.
  if (token.value.trim() === '' && !EMPTY_ALLOWED.has(token.rawName)) {
    throw new UsageError(
      `${token.rawName} is empty (an unset variable?): give it a value, e.g. ${token.rawName} ${example}, or leave the flag out`,
    );
  }
  return token.value;
}

/** Flags whose empty value selects nothing: `--upload-ids "$IDS"` with no obsolete media is a run with nothing to delete. */
const EMPTY_ALLOWED = new Set(['--upload-ids', '--upload-tracks']);

/** An argument a refusal names, quoted as any refused value (never a piece of a secret). */
const shown = shownValue;
