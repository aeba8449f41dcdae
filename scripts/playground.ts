/**
 * `npm run playground [-- --port N]`: the simulator of the DatoCMS API with a media library that
 * looks like a real one (scripts/playground-library.ts), in the primary environment `main` and in
 * a sandbox forked from it, running until Ctrl-C. It prints what to paste in another terminal to
 * try the command against it: the variables, a shell function for the command of this clone
 * (dist/cli/index.js), and three commands. The CMA listens on port 4010 unless --port says
 * otherwise; when 4010 is taken, on a free port (the printed lines say which).
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SIMULATOR_CA_CERT, startSimulator, type Simulator } from '../simulator/index.ts';
import { playgroundLibrary } from './playground-library.ts';

export const PLAYGROUND_TOKEN = 'playground-token';
/** The port tried first when none is given, so that the printed base URL is the same each time. */
export const DEFAULT_PORT = 4010;
export const SANDBOX = 'sandbox';
const COMMAND = new URL('../dist/cli/index.js', import.meta.url).pathname;
/** The release whose media the third command backs up, deletes and restores. */
const RELEASE = 'release-2025.09';

export interface Playground {
  readonly simulator: Simulator;
  /** What it prints: ready to paste in another terminal. */
  readonly text: string;
}

export interface PlaygroundOptions {
  /** The CMA's port (0: a free one). Default 4010. */
  readonly port?: number;
  /** When `port` is taken, listen on a free one rather than fail. Default: only when `port` is not given. */
  readonly orFreePort?: boolean;
  /** The clock the library's dates count back from (tests pin it). Default: now. */
  readonly now?: Date;
}

/** Starts the playground's simulator and returns it with the text to print. */
export async function startPlayground(options: PlaygroundOptions = {}): Promise<Playground> {
  const library = playgroundLibrary(options.now ?? new Date());
  const start = (port: number) =>
    startSimulator({
      token: PLAYGROUND_TOKEN,
      uploads: library,
      environments: [SANDBOX],
      port,
      // What the API's in_use filter counts is not documented: here, published versions only.
      inUseFilter: 'published-only',
    });
  const orFreePort = options.orFreePort ?? options.port === undefined;
  const simulator = await start(options.port ?? DEFAULT_PORT).catch((error: unknown) => {
    if (!orFreePort || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    return start(0);
  });
  return { simulator, text: instructions(simulator.url, library.length) };
}

/** The lines to paste: each variable, the command as a shell function, three things to try. */
export function instructions(url: string, uploads: number): string {
  return [
    `DatoCMS media cleanup playground: ${uploads} uploads (images, videos with subtitles, PDFs) in \`main\` and its sandbox \`${SANDBOX}\`.`,
    'Paste in another terminal (bash or zsh):',
    '',
    `export DATOCMS_API_TOKEN=${PLAYGROUND_TOKEN}`,
    `export DATOCMS_BASE_URL=${url}`,
    `export NODE_EXTRA_CA_CERTS=${shellWord(SIMULATOR_CA_CERT)}`,
    `datocms-media-cleanup() { node ${shellWord(COMMAND)} "$@"; }`,
    '',
    '# 1. What would go: unused media older than 180 days, each proven unused by its references (a dry run deletes nothing)',
    'datocms-media-cleanup --scope library --only-unused --confirm-unused --older-than 180d --dry-run',
    '# 2. Plan the unused media older than 540 days into plan.json, review it, then delete exactly that',
    'datocms-media-cleanup --scope library --only-unused --confirm-unused --older-than 540d --dry-run --report-file plan.json',
    'datocms-media-cleanup apply plan.json',
    `# 3. Back up the ${RELEASE} media, then delete it; then bring it back from the backup`,
    `datocms-media-cleanup --scope library --filter '{"tags":{"contains":"${RELEASE}"}}' --backup-dir backup-${RELEASE}`,
    `datocms-media-cleanup restore backup-${RELEASE}`,
    '',
    `Any of them with --environment ${SANDBOX} works in the sandbox instead.`,
    'Ctrl-C stops the playground; it forgets everything.',
    '',
  ].join('\n');
}

/** `value` as one word of bash or zsh: as it is when it is safe so, else in single quotes. */
export function shellWord(value: string): string {
  return /^[\w./:@%+=-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function portOf(args: string[]): number | undefined {
  const { values } = parseArgs({ args, options: { port: { type: 'string' } } });
  if (values.port === undefined) return undefined;
  if (!/^\d+$/.test(values.port) || Number(values.port) > 65_535) {
    throw new Error(`--port expects a port number from 0 to 65535, got "${values.port}"`);
  }
  return Number(values.port);
}

async function main(): Promise<void> {
  const { simulator, text } = await startPlayground({ port: portOf(process.argv.slice(2)) });
  if (!existsSync(COMMAND)) {
    process.stderr.write(`${COMMAND} is missing: build the command first with npm run bundle\n`);
  }
  process.stdout.write(text);
  const stop = () => void simulator.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    process.stderr.write(`playground: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
