/**
 * The engine's messages name the action's inputs and a GitHub runner in a few fixed phrases deep
 * in its errors (kept word for word for the action's users). The command says them in its own
 * words: each phrase here is ours, never text from the API or the user.
 */
const PHRASES: readonly (readonly [string, string])[] = [
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
];

/** `message` with the action's phrases in the command's words. */
export function inCommandWords(message: string): string {
  let text = message;
  for (const [action, command] of PHRASES) text = text.split(action).join(command);
  return text;
}
