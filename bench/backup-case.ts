/**
 * backup-dir and restore, timed against their floors: the backup against the same downloads
 * made alone (same concurrency, same asset host), the restore against the rate limit's floor
 * (an upload request, a create and a poll per upload; the storage PUT is not a CMA request).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction } from '../scripts/run-action.ts';
import { SIMULATOR_CA_CERT, startSimulator } from '../simulator/index.ts';
import { baseEnv, timedNode } from './child-process.ts';
import { actionInputs } from './clients.ts';
import { numericIds, RATE_LIMIT } from './deletion-case.ts';

const TOKEN = 'bench-token';
const DOWNLOAD_ALONE = new URL('download-alone.ts', import.meta.url).pathname;
const JOB_LATENCY_MS = 500;
/** CMA requests per restored upload, at least: the upload request, the create, one poll. */
export const RESTORE_REQUESTS_PER_UPLOAD = 3;

export interface BackupCase {
  readonly uploads: number;
  readonly bytesEach: number;
}

export interface BackupResult extends BackupCase {
  /** The same files downloaded alone to disk, DOWNLOAD_CONCURRENCY at a time. */
  readonly downloadsMs: number;
  /** The cleanup without and with backup-dir. */
  readonly plainMs: number;
  readonly backupMs: number;
  readonly restoreMs: number;
  readonly restoreRequests: number;
  readonly restoreFloorMs: number;
  /** '' when every run did what it should; else what went wrong. */
  readonly wrong: string;
}

export function restoreFloorMs(uploads: number): number {
  return (uploads * RESTORE_REQUESTS_PER_UPLOAD * RATE_LIMIT.windowMs) / RATE_LIMIT.limit;
}

/** A simulator whose uploads are `bytesEach` bytes, plus decoys that must survive. */
function simulatorFor(spec: BackupCase, ids: readonly string[]) {
  return startSimulator({
    token: TOKEN,
    uploads: [...ids.map((id) => ({ id, size: spec.bytesEach })), ...numericIds(10, 900_000).map((id) => ({ id }))],
    jobLatencyMs: JOB_LATENCY_MS,
    rateLimit: RATE_LIMIT,
  });
}

/** Rounds of the downloads alone, the plain cleanup and the backup: the medians are reported. */
const ROUNDS = 3;

export async function runBackupCase(spec: BackupCase): Promise<BackupResult> {
  const ids = numericIds(spec.uploads);
  const problems: string[] = [];
  const work = mkdtempSync(join(tmpdir(), 'bench-backup-'));
  const downloads: number[] = [];
  const plains: number[] = [];
  const backups: number[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const plain = await simulatorFor(spec, ids);
      try {
        const urls = ids.map((id) => String(plain.uploadResource(id)?.attributes.url));
        downloads.push(await downloadAlone(urls, join(work, `alone-${round}`)));
        const inputs = { ...actionInputs(plain.url, TOKEN, ids), 'upload-ids': ids.join('\n') };
        plains.push(await timedAction(inputs, problems));
      } finally {
        await plain.close();
      }
      const sim = await simulatorFor(spec, ids);
      try {
        const dir = join(work, `backup-${round}`);
        const inputs = { ...actionInputs(sim.url, TOKEN, ids), 'upload-ids': ids.join('\n'), 'backup-dir': dir };
        backups.push(await timedAction(inputs, problems));
        if (sim.deletions.length !== ids.length) problems.push(`${sim.deletions.length} deleted of ${ids.length}`);
        // The restore once, from the last round's backup: it takes minutes, at the rate limit's pace.
        if (round < ROUNDS - 1) continue;
        const restore = await timedRestore(sim, dir, ids.length, problems);
        return {
          ...spec,
          downloadsMs: median(downloads),
          plainMs: median(plains),
          backupMs: median(backups),
          ...restore,
          restoreFloorMs: restoreFloorMs(spec.uploads),
          wrong: problems.join('; '),
        };
      } finally {
        await sim.close();
      }
    }
    throw new Error('unreachable: the last round returns');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function timedRestore(
  sim: Awaited<ReturnType<typeof simulatorFor>>,
  dir: string,
  uploads: number,
  problems: string[],
): Promise<{ restoreMs: number; restoreRequests: number }> {
  const before = sim.requests.length;
  const restoreMs = await timedAction({ 'api-token': TOKEN, 'base-url': sim.url, 'restore-from': dir }, problems);
  if (sim.creations.length !== uploads) problems.push(`${sim.creations.length} restored of ${uploads}`);
  const map = JSON.parse(readFileSync(join(dir, 'id-map.json'), 'utf8')) as { restored: object };
  if (Object.keys(map.restored).length !== uploads) problems.push('an incomplete id-map.json');
  return { restoreMs, restoreRequests: sim.requests.length - before };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function timedAction(inputs: Record<string, string>, problems: string[]): Promise<number> {
  let started = 0;
  const run = await runAction(inputs, { onStart: () => (started = performance.now()) });
  const ms = performance.now() - started;
  if (run.code !== 0) problems.push(`exit code ${run.code}: ${run.stdout.trim().split('\n').slice(-2).join(' ')}`);
  return ms;
}

/** Downloads every URL to a file in a process of its own (bench/download-alone.ts); its wall time. */
async function downloadAlone(urls: readonly string[], dir: string): Promise<number> {
  mkdirSync(dir, { recursive: true });
  const urlsFile = join(dir, 'urls.json');
  writeFileSync(urlsFile, JSON.stringify(urls));
  const files = join(dir, 'files');
  mkdirSync(files, { recursive: true });
  const run = await timedNode([DOWNLOAD_ALONE, urlsFile, files], {
    ...baseEnv(),
    NODE_EXTRA_CA_CERTS: SIMULATOR_CA_CERT,
  });
  const ms = Number(run.stdout.trim());
  if (run.code !== 0 || !(ms > 0)) throw new Error(`bench/download-alone.ts failed: ${run.stderr.slice(-400)}`);
  return ms;
}
