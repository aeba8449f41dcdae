/**
 * `npm run bench`: the built action against the official client on the simulator, then the
 * action's cold start, bundle size and peak memory; writes BENCHMARKS.md and prints it.
 * `npm run bench -- --quick` skips 10,000 uploads (and so the official client above 2,000), and
 * backup and restore. `npm run bench -- --only memory` runs only the memory cases (the
 * 100,000-ID run with its 1-ID baseline, the refused 64 MiB file), prints them and writes nothing;
 * `npm run bench -- --only confirm-unused` runs only the confirm-unused cases, the same way.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { DIST } from '../scripts/run-action.ts';
import type { ClientName } from './clients.ts';
import { COMMAND_DIST, measureColdStart } from './cold-start.ts';
import { runApplyCase, type ApplyCase, type ApplyResult } from './apply-case.ts';
import { CONFIRM_CASES, runConfirmCase, type ConfirmResult } from './confirm-case.ts';
import { runBackupCase, type BackupResult } from './backup-case.ts';
import { runDeletionCase, type DeletionCase, type DeletionResult } from './deletion-case.ts';
import { measurePeakMemory, type PeakMemory } from './memory.ts';
import { measureRefusedFile, type RefusedFile } from './refused-file-case.ts';
import { runSelectionCase, type SelectionCase, type SelectionResult } from './selection-case.ts';
import { renderReport, seconds } from './report.ts';

const REPORT = new URL('../BENCHMARKS.md', import.meta.url).pathname;
const UPLOADS = [1, 200, 2000, 10_000];
const JOB_LATENCIES_MS = [500, 2000];
/** The official client takes about 3 s per 200 uploads at 2 s latency: beyond this, only in a full run. */
const QUICK_MAX_UPLOADS = 2000;
/** A large library listed with only-unused; 300 ms is a plausible answer time for a page of 500 uploads. */
const SELECTION_CASES: SelectionCase[] = [{ uploads: 50_000, pageLatencyMs: 300 }];
/** `verify: 'true'` is measured on the key case (2,000 uploads in a quick run). */
const VERIFY_UPLOADS = 10_000;
const VERIFY_LATENCY_MS = 2000;
/** backup-dir and restore-from, as the issue sets their targets (a full run only: the restore takes 5 minutes). */
const BACKUP_CASE = { uploads: 2000, bytesEach: 200 * 1024 } as const;
/** Applying a reviewed plan of 10,000 uploads (2,000 in a quick run) at 2 s jobs. */
const APPLY_CASE: ApplyCase = { uploads: 10_000, jobLatencyMs: 2000 };

const quick = process.argv.includes('--quick');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
if (only !== undefined && only !== 'memory' && only !== 'confirm-unused') {
  throw new Error(`--only ${only}: the parts that run alone are memory and confirm-unused`);
}
ensureBundle();
const distAtStart = distSha256();
if (only === 'memory') {
  const { memory, refused } = await memoryCases();
  console.log(JSON.stringify({ memory, refused }, null, 2));
  console.log('Nothing written: a partial run leaves BENCHMARKS.md to the full one.');
  process.exit(0);
}
if (only === 'confirm-unused') {
  console.log(JSON.stringify(await confirmCases(), null, 2));
  console.log('Nothing written: a partial run leaves BENCHMARKS.md to the full one.');
  process.exit(0);
}

const deletions: DeletionResult[] = [];
for (const spec of cases(quick)) {
  const result = await runDeletionCase(spec);
  deletions.push(result);
  console.log(
    `${spec.client.padEnd(8)} ${String(spec.uploads).padStart(6)} uploads, ${seconds(spec.jobLatencyMs)} jobs: ` +
      `${seconds(result.ms)}, ${result.log.total} requests, ${result.log.rateLimited} x 429${result.wrong ? `, WRONG: ${result.wrong}` : ''}`,
  );
}
const selections: SelectionResult[] = [];
for (const spec of SELECTION_CASES) {
  const result = await runSelectionCase(spec);
  selections.push(result);
  console.log(
    `select   ${String(spec.uploads).padStart(6)} uploads, ${seconds(spec.pageLatencyMs)} pages: ` +
      `${seconds(result.ms)}, ${result.pages} pages, ${result.log.rateLimited} x 429${result.wrong ? `, WRONG: ${result.wrong}` : ''}`,
  );
}
const applies: ApplyResult[] = [];
{
  const spec = quick ? { ...APPLY_CASE, uploads: QUICK_MAX_UPLOADS } : APPLY_CASE;
  const result = await runApplyCase(spec);
  applies.push(result);
  console.log(
    `apply    ${String(spec.uploads).padStart(6)} uploads, ${seconds(spec.jobLatencyMs)} jobs: ` +
      `${seconds(result.ms)}, ${result.log.total} requests, ${result.log.rateLimited} x 429${result.wrong ? `, WRONG: ${result.wrong}` : ''}`,
  );
}
const confirms = await confirmCases();
console.log('cold start...');
const coldStart = await measureColdStart();
const { memory, refused } = await memoryCases();
// Last: its simulator holds hundreds of MB, and a child forked after it would report that
// memory as its own peak (Linux keeps the parent's high-water mark across fork and exec).
const backups: BackupResult[] = [];
if (!quick) {
  console.log(`backup-dir and restore of ${BACKUP_CASE.uploads} uploads (the restore takes about 5 minutes)...`);
  const result = await runBackupCase(BACKUP_CASE);
  backups.push(result);
  console.log(
    `backup   ${BACKUP_CASE.uploads} uploads: downloads ${seconds(result.downloadsMs)}, cleanup ${seconds(result.plainMs)}, with backup ${seconds(result.backupMs)}, restore ${seconds(result.restoreMs)}${result.wrong ? `, WRONG: ${result.wrong}` : ''}`,
  );
}
const distAtEnd = distSha256();
const distChanged = distAtEnd === distAtStart ? '' : `${distAtStart} at the start, ${distAtEnd} at the end`;
const report = await formatMarkdown(
  renderReport({
    quick,
    deletions,
    selections,
    applies,
    confirms,
    backups,
    coldStart,
    distBytes: statSync(DIST).size,
    actionChunkBytes: readdirSync(dirname(DIST))
      .filter((name) => /^\d+\.index\.js$/.test(name))
      .reduce((sum, name) => sum + statSync(join(dirname(DIST), name)).size, 0),
    commandBytes: {
      entry: statSync(COMMAND_DIST).size,
      total: readdirSync(dirname(COMMAND_DIST))
        .filter((name) => name.endsWith('.js'))
        .reduce((sum, name) => sum + statSync(join(dirname(COMMAND_DIST), name)).size, 0),
    },
    distSha256: distAtEnd,
    distChanged,
    memory,
    refused,
  }),
);
writeFileSync(REPORT, report);
console.log(`\n${report}\nWritten to ${REPORT}`);
if (distChanged) {
  console.error(`dist/index.js was rebuilt during the run (${distChanged}): run again.`);
  process.exitCode = 1;
}

/** 1,000 unused uploads deleted with only-unused, without then with confirm-unused. */
async function confirmCases(): Promise<ConfirmResult[]> {
  const results: ConfirmResult[] = [];
  for (const spec of CONFIRM_CASES) {
    const result = await runConfirmCase(spec);
    results.push(result);
    console.log(
      `confirm  ${String(spec.uploads).padStart(6)} uploads, confirm-unused ${spec.confirm ? 'on ' : 'off'}: ` +
        `${seconds(result.ms)}, ${result.log.total} requests (${result.references} references), ${result.log.rateLimited} x 429${result.wrong ? `, WRONG: ${result.wrong}` : ''}`,
    );
  }
  return results;
}

/** The 100,000-ID run (with its 1-ID baseline), then the 64 MiB file that must be refused. */
async function memoryCases(): Promise<{ memory: PeakMemory; refused: RefusedFile }> {
  console.log('100,000 IDs from upload-ids-file: time and peak memory, and the same with 1 ID...');
  const memory = await measurePeakMemory();
  console.log(
    `  peak ${memory.actionMiB.toFixed(1)} MiB (1 ID: ${memory.baselineMiB.toFixed(1)} MiB)${memory.wrong ? `, WRONG: ${memory.wrong}` : ''}`,
  );
  console.log('a 64 MiB upload-ids-file, to be refused...');
  const refused = await measureRefusedFile();
  console.log(
    `  peak ${refused.peakMiB.toFixed(1)} MiB, ${refused.requests} request(s) before the refusal${refused.wrong ? `, WRONG: ${refused.wrong}` : ''}`,
  );
  return { memory, refused };
}

function cases(quickRun: boolean): DeletionCase[] {
  const specs: DeletionCase[] = [];
  for (const jobLatencyMs of JOB_LATENCIES_MS) {
    for (const uploads of UPLOADS.filter((n) => !quickRun || n <= QUICK_MAX_UPLOADS)) {
      for (const client of ['action', 'official'] satisfies ClientName[]) specs.push({ uploads, jobLatencyMs, client });
    }
  }
  const verifyUploads = quickRun ? QUICK_MAX_UPLOADS : VERIFY_UPLOADS;
  specs.push({ uploads: verifyUploads, jobLatencyMs: VERIFY_LATENCY_MS, client: 'action-verify' });
  return specs;
}

function ensureBundle(): void {
  if (existsSync(DIST)) return;
  console.log('dist/index.js is missing: npm run bundle');
  const build = spawnSync('npm', ['run', 'bundle'], { stdio: 'inherit', timeout: 300_000 });
  if (build.status !== 0) throw new Error(`npm run bundle failed (${build.status ?? build.signal})`);
}

/** First 12 hex digits of the bundle's SHA-256, to tell which build was measured. */
function distSha256(): string {
  return createHash('sha256').update(readFileSync(DIST)).digest('hex').slice(0, 12);
}

/** BENCHMARKS.md in the house style, so that `npm run lint` (prettier --check .) passes on it. */
async function formatMarkdown(markdown: string): Promise<string> {
  const config = await resolveConfig(REPORT);
  return format(markdown, { ...config, filepath: REPORT });
}
