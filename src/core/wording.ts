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
}

/** A step of a GitHub Actions workflow. */
export const ACTION_WORDING: Wording = {
  token: 'api-token',
  tokenExample: 'api-token: ${{ secrets.DATOCMS_CMA_TOKEN }}',
  setting: (input, value) => `${input}: '${value}'`,
  runAgain: 're-run the step',
  runs: 'steps',
  workspace: 'the workspace',
};

/** The `datocms-media-cleanup` command. */
export const COMMAND_WORDING: Wording = {
  token: 'DATOCMS_API_TOKEN',
  tokenExample: 'export DATOCMS_API_TOKEN=<a CMA token from Project settings > API tokens>',
  setting: (input, value) => (value === 'true' ? `--${input}` : `--${input} ${value}`),
  runAgain: 'run the command again',
  runs: 'runs',
  workspace: 'the current folder',
};
