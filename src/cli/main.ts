import { secretHider } from '../core/common/secret.ts';
import { COMMAND } from '../core/common/version.ts';
import { parseCommand, UsageError } from './args.ts';
import { MIN_SECRET_LENGTH } from '../core/common/secret.ts';
import { withBaseUrlVariable } from './base-url-variable.ts';
import { applyHelpText, helpText, restoreHelpText } from './help.ts';
import type { Interrupt } from './interrupt.ts';
import { EXIT, TOKEN_VARIABLE, type CommandIo } from './io.ts';
import { inCommandWords } from './words.ts';

/**
 * The command: read the flags, DATOCMS_API_TOKEN and DATOCMS_BASE_URL, run the cleanup, print the
 * summary (or the report with --json), and return the exit code.
 */
export async function main(io: CommandIo, interrupt: Interrupt): Promise<number> {
  // Looked for from 4 characters: the command prints nothing where 4 would match by chance.
  const hide = secretHider((io.env[TOKEN_VARIABLE] ?? '').trim(), '***', 4);
  /** Everything the command prints goes through this: in its words, and without the token. */
  const mask = (text: string): string => hide(inCommandWords(printable(text)));
  try {
    return await command(io, interrupt, mask);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`${COMMAND.name}: unexpected error: ${mask(message)}\n`);
    return EXIT.failed;
  }
}

async function command(io: CommandIo, interrupt: Interrupt, mask: (text: string) => string): Promise<number> {
  const token = io.env[TOKEN_VARIABLE];
  const fail = (message: string): number => {
    io.stderr.write(`${COMMAND.name}: ${mask(message)}\n`);
    return EXIT.usage;
  };
  const secret = (token ?? '').trim().toLowerCase();
  if (secret.length >= MIN_SECRET_LENGTH && io.argv.some((arg) => arg.toLowerCase().includes(secret))) {
    return fail(
      `an argument holds the API token (not shown): pass the token only in ${TOKEN_VARIABLE}, never as an argument (shells keep their history)`,
    );
  }
  let command: ReturnType<typeof parseCommand>;
  try {
    command = parseCommand(io.argv);
    if (command.kind === 'run') command = { ...command, inputs: withBaseUrlVariable(command.inputs, io.env) };
  } catch (error) {
    if (error instanceof UsageError) return fail(error.message);
    throw error;
  }
  if (command.kind === 'help') {
    io.stdout.write(
      command.topic === 'restore' ? restoreHelpText() : command.topic === 'apply' ? applyHelpText() : helpText(),
    );
    return EXIT.done;
  }
  if (command.kind === 'version') {
    io.stdout.write(`${COMMAND.version}\n`);
    return EXIT.done;
  }
  if (token === undefined) {
    return fail(
      `${TOKEN_VARIABLE} is not set: export ${TOKEN_VARIABLE}=<a CMA API token whose role may delete uploads> (DatoCMS: Project settings > API tokens)`,
    );
  }
  // The engine (and its HTTP client) loads only for a run: --help, --version and usage errors stay quick.
  const { runCleanup } = await import('./run.ts');
  return runCleanup(command, token, io, interrupt, mask);
}

/**
 * Text as a terminal should get it: control and format characters (escape sequences, a lone CR,
 * bidi overrides, zero-width marks) become a space; line breaks stay.
 */
function printable(text: string): string {
  return text.replace(/(?!\n)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, ' ');
}
