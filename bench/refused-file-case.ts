import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, uploadId } from '../simulator/index.ts';
import { DIST } from '../scripts/run-action.ts';
import { baseEnv, timedNode } from './child-process.ts';
import { inputEnv } from './memory.ts';
import { PEAK_PROBE, peakMiB } from './peak-probe.ts';

/** The largest upload-ids-file the settings read (MAX_LIST_FILE_BYTES): one byte more is refused unread. */
export const REFUSED_FILE_BYTES = 64 * 1024 * 1024;
const TOKEN = 'bench-token';
/** IDs written at a time, so that the benchmark never holds the file as one string. */
const IDS_PER_WRITE = 10_000;

export interface RefusedFile {
  readonly bytes: number;
  readonly ids: number;
  /** Peak RSS of the action until it refused, in MiB (see peak-probe.ts). */
  readonly peakMiB: number;
  /** Requests the simulator received before the refusal: none is the aim. */
  readonly requests: number;
  readonly ms: number;
  /** The action's last error line (::error::), to tell which refusal it was. */
  readonly refusal: string;
  /** '' when the action failed with an error and deleted nothing. */
  readonly wrong: string;
}

/**
 * An upload-ids-file of as many IDs of the real shape as fit in 64 MiB (about 2.9 million, with
 * the default max-deletions of 1000): the action must refuse it, deleting nothing, and should
 * do so before its first request and without holding millions of strings.
 */
export async function measureRefusedFile(): Promise<RefusedFile> {
  const sim = await startSimulator({ token: TOKEN, uploads: [{ id: uploadId(0) }] });
  const dir = mkdtempSync(join(tmpdir(), 'bench-refused-'));
  try {
    const workspace = join(dir, 'workspace');
    mkdirSync(workspace);
    mkdirSync(join(dir, 'temp'));
    const ids = writeIdsFile(join(workspace, 'upload-ids.txt'), REFUSED_FILE_BYTES);
    const outputFile = join(dir, 'output');
    writeFileSync(outputFile, '');
    const inputs = { 'api-token': TOKEN, 'base-url': sim.url, 'upload-ids-file': 'upload-ids.txt' };
    const env = { ...baseEnv(), ...inputEnv(inputs), GITHUB_OUTPUT: outputFile, GITHUB_WORKSPACE: workspace };
    const run = await timedNode(['--import', PEAK_PROBE, DIST], { ...env, RUNNER_TEMP: join(dir, 'temp') });
    const refusal = run.stdout.split('\n').findLast((line) => line.startsWith('::error::')) ?? '';
    const problems: string[] = [];
    if (run.code === 0 || refusal === '') problems.push(`exit code ${run.code}, no error: ${run.stdout.slice(-300)}`);
    if (sim.deletions.length > 0) problems.push(`${sim.deletions.length} deletions`);
    return {
      bytes: REFUSED_FILE_BYTES,
      ids,
      peakMiB: peakMiB(run.stdout),
      requests: sim.requests.length,
      ms: run.ms,
      refusal: refusal.replace('::error::', '').slice(0, 200),
      wrong: problems.join('; '),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await sim.close();
  }
}

/** Writes IDs of the real shape, one a line, as many as fit in `maxBytes`; returns how many. */
function writeIdsFile(path: string, maxBytes: number): number {
  const lineBytes = uploadId(0).length + 1;
  const count = Math.floor(maxBytes / lineBytes);
  const fd = openSync(path, 'w');
  try {
    for (let start = 0; start < count; start += IDS_PER_WRITE) {
      const end = Math.min(count, start + IDS_PER_WRITE);
      const lines: string[] = [];
      for (let n = start; n < end; n++) lines.push(uploadId(n));
      writeSync(fd, `${lines.join('\n')}\n`);
    }
  } finally {
    closeSync(fd);
  }
  return count;
}
