/**
 * The command as a user gets it: `npm pack`, then the tarball installed into an empty folder,
 * then `datocms-media-cleanup` run from that folder's node_modules/.bin.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;

/** The simulator's test certificate, trusted by every run as a machine that uses the simulator would. */
const SIMULATOR_CERT = new URL('../simulator/assets/tls/cert.pem', import.meta.url).pathname;

export interface Installed {
  /** The installed bin, as npx would run it. */
  readonly bin: string;
  /** The folder it was installed into (`npm install <tarball>` there). */
  readonly prefix: string;
  /** The files the tarball holds, as `npm pack` lists them. */
  readonly packed: readonly string[];
  remove(): void;
}

const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });

export interface Packed {
  /** The tarball's file name, as `npm pack` names it (datocms-media-cleanup-X.Y.Z.tgz). */
  readonly filename: string;
  /** The files it holds. */
  readonly files: readonly string[];
}

/** `npm pack` of the repository into `dir`, as the release workflow packs it. */
export function packCommand(dir: string): Packed {
  const packOutput = npm(['pack', '--json', '--pack-destination', dir], ROOT);
  const [pack] = JSON.parse(packOutput.slice(packOutput.indexOf('['))) as {
    filename: string;
    files: { path: string }[];
  }[];
  if (pack === undefined) throw new Error(`npm pack printed no package: ${packOutput}`);
  return { filename: pack.filename, files: pack.files.map((file) => file.path) };
}

/** Packs the repository and installs the tarball into a new empty folder, without the registry. */
export function installPackedCommand(): Installed {
  const dir = mkdtempSync(join(tmpdir(), 'command-install-'));
  const pack = packCommand(dir);
  const prefix = join(dir, 'project');
  mkdirSync(prefix);
  writeFileSync(join(prefix, 'package.json'), '{"name":"a-project","private":true}\n');
  npm(['install', '--no-audit', '--no-fund', '--offline', join(dir, pack.filename)], prefix);
  return {
    bin: join(prefix, 'node_modules', '.bin', 'datocms-media-cleanup'),
    prefix,
    packed: pack.files,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The packed command, installed once for the tests of the file or `describe` block that calls this
 * (and removed after them): call the result to get it inside a test.
 */
export function packedCommand(): () => Installed {
  let installed: Installed | undefined;
  beforeAll(() => {
    installed = installPackedCommand();
  }, 120_000);
  afterAll(() => installed?.remove());
  return () => {
    if (installed === undefined)
      throw new Error('packedCommand(): the command is installed in beforeAll, use it in a test');
    return installed;
  };
}

export interface CommandRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The folder it ran in. */
  readonly cwd: string;
  /** The default report in that folder, when one was written. */
  readonly reportText: string | undefined;
  /** From start to exit, in ms. */
  readonly ms: number;
}

export interface CommandOptions {
  /** The environment, besides PATH and HOME (DATOCMS_API_TOKEN is not set unless given here). */
  readonly env?: Record<string, string>;
  /** Files to put in the run's folder first, by relative path. */
  readonly files?: Record<string, string>;
  /** Symbolic links to make there, by relative path: what each points to. */
  readonly links?: Record<string, string>;
  /** Called once the process has started (e.g. to close its stdout early). */
  readonly onStart?: (child: ReturnType<typeof spawn>) => void;
  /** Called once the process has started, with its stderr so far each time more comes. */
  readonly onStderr?: (child: ReturnType<typeof spawn>, stderr: string) => void;
  /** The `node` to run the bin with (its folder goes first on PATH); default the one on PATH. */
  readonly node?: string;
  /** The folder to run in (e.g. an earlier run's `cwd`); default a new empty one. */
  readonly cwd?: string;
}

/** Runs the installed bin in a new empty folder, as a user would in a shell (no TTY). */
export async function runCommand(
  bin: string,
  args: readonly string[],
  options: CommandOptions = {},
): Promise<CommandRun> {
  const cwd = options.cwd ?? mkdtempSync(join(tmpdir(), 'command-run-'));
  for (const [name, content] of Object.entries(options.files ?? {})) {
    mkdirSync(join(cwd, name, '..'), { recursive: true });
    writeFileSync(join(cwd, name), content);
  }
  for (const [name, target] of Object.entries(options.links ?? {})) symlinkSync(target, join(cwd, name));
  const path =
    options.node === undefined ? (process.env.PATH ?? '') : `${join(options.node, '..')}:${process.env.PATH ?? ''}`;
  const child = spawn(bin, [...args], {
    cwd,
    env: { PATH: path, HOME: process.env.HOME ?? '', NODE_EXTRA_CA_CERTS: SIMULATOR_CERT, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started = performance.now();
  options.onStart?.(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    options.onStderr?.(child, stderr);
  });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
  });
  const report = join(cwd, 'datocms-media-cleanup-report.json');
  return {
    code,
    signal,
    stdout,
    stderr,
    cwd,
    reportText: existsSync(report) ? readFileSync(report, 'utf8') : undefined,
    ms: performance.now() - started,
  };
}

/**
 * A Node older than the tests' (CI machines have Node 20 on PATH), for the command's `engines`
 * floor: its streams and file system differ from Node 24's. Undefined when PATH has none.
 */
export function olderNode(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '' || dir.includes('node_modules') || !existsSync(join(dir, 'node'))) continue;
    const node = join(dir, 'node');
    const major = Number(
      execFileSync(node, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).trim(),
    );
    if (major < 24) return node;
  }
  return undefined;
}
