import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The simulator's test certificate (simulator/assets/tls/README.md). */
export const SIMULATOR_CERT = new URL('../simulator/assets/tls/cert.pem', import.meta.url).pathname;

export const DIST = new URL('../dist/index.js', import.meta.url).pathname;

export interface ActionRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Outputs as the runner reads them from GITHUB_OUTPUT. */
  readonly outputs: Record<string, string>;
  /** The GITHUB_STEP_SUMMARY file's content; undefined when no summary file was given. */
  readonly summary: string | undefined;
  /** The report file's text, read from the `report-file` output's path; undefined when none was written. */
  readonly reportText: string | undefined;
}

export interface RunOptions {
  /** Extra environment variables (e.g. ACTIONS_STEP_DEBUG). */
  readonly env?: Record<string, string>;
  /** Give no GITHUB_STEP_SUMMARY, as some runners do not. */
  readonly noSummary?: boolean;
  /** Called once the process has started, e.g. to send it a signal. */
  readonly onStart?: (child: ReturnType<typeof spawn>) => void;
  /** Files to put in the workspace (GITHUB_WORKSPACE) first, by relative path. */
  readonly workspaceFiles?: Record<string, string | Uint8Array>;
  /** Symbolic links to make in the workspace, by relative path: what each points to. */
  readonly workspaceLinks?: Record<string, string>;
}

/**
 * Runs `node dist/index.js` as the GitHub runner does: each input as INPUT_<NAME> (upper-cased,
 * hyphens kept), outputs and summary in files, a workspace (GITHUB_WORKSPACE) and a temporary
 * folder (RUNNER_TEMP) of its own, nothing inherited from this process's GitHub env.
 */
export async function runAction(inputs: Record<string, string>, options: RunOptions = {}): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'action-run-'));
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const workspace = join(dir, 'workspace');
  const temp = join(dir, 'temp');
  mkdirSync(workspace);
  mkdirSync(temp);
  for (const [name, content] of Object.entries(options.workspaceFiles ?? {})) {
    mkdirSync(join(workspace, name, '..'), { recursive: true });
    writeFileSync(join(workspace, name), content);
  }
  for (const [name, target] of Object.entries(options.workspaceLinks ?? {})) symlinkSync(target, join(workspace, name));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    // The simulator's asset host serves https with a test certificate: trusted as a self-hosted runner would.
    NODE_EXTRA_CA_CERTS: SIMULATOR_CERT,
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: temp,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  env.GITHUB_OUTPUT = outputFile;
  if (!options.noSummary) env.GITHUB_STEP_SUMMARY = summaryFile;
  Object.assign(env, options.env);
  try {
    const child = spawn(process.execPath, [DIST], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    options.onStart?.(child);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const outputs = parseOutputFile(readFileSync(outputFile, 'utf8'));
    const reportFile = outputs['report-file'];
    return {
      code,
      stdout,
      stderr,
      outputs,
      summary: options.noSummary ? undefined : readFileSync(summaryFile, 'utf8'),
      reportText: reportFile && existsSync(reportFile) ? readFileSync(reportFile, 'utf8') : undefined,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Parses `name<<DELIMITER\nvalue\nDELIMITER` blocks, as @actions/core writes them. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const block = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const match of text.matchAll(block)) outputs[match[1] ?? ''] = match[3] ?? '';
  return outputs;
}
