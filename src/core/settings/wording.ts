import { INPUTS } from './inputs.ts';

/**
 * How a front door's user sets things, for the messages that tell them what to write: the same
 * engine says `set max-deletions: '5'` in a workflow and `--max-deletions 5` on a command line.
 */
export interface Wording {
  /** Where the API token comes from: an input or an environment variable. */
  readonly token: string;
  /** How to give the token, as an example. */
  readonly tokenExample: string;
  /** How to set `input` to `value`. */
  setting(input: string, value: string): string;
  /** What to do to finish a run that stopped early. */
  readonly runAgain: string;
  /** Several of what one cleanup is (to split a file over). */
  readonly runs: string;
  /** Where a relative path starts. */
  readonly workspace: string;
  /** How to name `input` in a sentence: `the environment input`, or `--environment`. */
  input(name: string): string;
  /** How to leave that input unset: an input is left empty, a flag left out (an empty flag is refused). */
  readonly leaveOut: string;
  /**
   * `message` in these words: a few fixed phrases deep in the engine's errors name the action's
   * inputs and a GitHub runner (kept word for word for the action's users); the command says them
   * in its own. Applied to what a run ends with, so that its report says what its summary says.
   */
  words(message: string): string;
}

/** A step of a GitHub Actions workflow. */
export const ACTION_WORDING: Wording = {
  token: 'api-token',
  tokenExample: 'api-token: ${{ secrets.DATOCMS_CMA_TOKEN }}',
  setting: (input, value) => `${input}: '${value}'`,
  runAgain: 're-run the step',
  runs: 'steps',
  workspace: 'the workspace',
  input: (name) => `the ${name} input`,
  leaveOut: 'leave it empty',
  words: (message) => message,
};

/** The `datocms-media-cleanup` command. */
export const COMMAND_WORDING: Wording = {
  token: 'DATOCMS_API_TOKEN',
  tokenExample: 'export DATOCMS_API_TOKEN=<a CMA token from Project settings > API tokens>',
  setting: (input, value) => (value === 'true' ? `--${input}` : `--${input} ${value}`),
  runAgain: 'run the command again',
  runs: 'runs',
  workspace: 'the current folder',
  input: (name) => `--${name}`,
  leaveOut: 'leave it out',
  words: inCommandWords,
};

/** The action's fixed phrases, and the command's for each: each phrase here is ours, never text from the API or the user. */
const COMMAND_PHRASES: readonly (readonly [string, string])[] = [
  ['check the api-token secret', 'check DATOCMS_API_TOKEN'],
  ['which this action does not understand', 'which this command does not understand'],
  ['give this step a token of its own', 'give this run a token of its own'],
  ['set delete-endpoint: auto (or bulk-destroy)', 'set --delete-endpoint auto (or bulk-destroy)'],
  [
    "check base-url and the runner's network, then re-run",
    "check --base-url and this machine's network, then run the command again",
  ],
  ['check that the secret holds the token alone', 'check that DATOCMS_API_TOKEN holds the token alone'],
  ['and check which secret', 'and check what'],
  ['re-run later', 'run the command again later'],
  ['before re-running', 'before running the command again'],
  ['and re-run', 'and run the command again'],
  ['raise job-timeout', 'raise --job-timeout'],
  ['list the uploads in upload-ids', 'list the uploads in --upload-ids'],
  ['or leave report-file empty', 'or leave --report-file out'],
  ['set filter, query, only-unused or older-than', 'set --filter, --query, --only-unused or --older-than'],
  ['the inputs name', 'the flags name'],
  ['inputs and files are empty', 'flags and files are empty'],
  ['is inside restore-from', 'is inside the backup folder'],
];

/**
 * The inputs whose names hold a hyphen, longest first: in the command's messages each is its
 * flag (`max-deletions` is `--max-deletions`). One-word names (scope, filter) read as words.
 */
const FLAG_NAMES = INPUTS.map((input) => input.name)
  .filter((name) => name.includes('-') && name !== 'api-token')
  .sort((a, b) => b.length - a.length);
/** Such a name on its own: not inside a word, a path or a file name, not already a flag, not quoted. */
const INPUT_NAME = new RegExp(`(?<![\\w./"-])(${FLAG_NAMES.join('|')})(?![\\w/"-]|\\.\\w)`, 'g');

/** `message` with the action's phrases in the command's words, and its input names as flags. */
export function inCommandWords(message: string): string {
  let text = message;
  for (const [action, command] of COMMAND_PHRASES) text = text.split(action).join(command);
  return text.replace(INPUT_NAME, '--$1');
}
