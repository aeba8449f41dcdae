import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { startSimulator } from '../simulator/index.ts';
import { DIST } from '../scripts/run-action.ts';
import { baseEnv, timedNode } from './child-process.ts';
import { actionInputs } from './clients.ts';
import { numericIds, RATE_LIMIT } from './deletion-case.ts';
import { PEAK_PROBE, peakMiB } from './peak-probe.ts';
import { summarizeRequests, type RequestLogSummary } from './request-log.ts';

export interface PeakMemory {
  readonly uploads: number;
  readonly jobLatencyMs: number;
  /** Peak RSS of the process running dist/index.js, in MiB (see peak-probe.ts). */
  readonly actionMiB: number;
  /** The same run with 1 ID: the bundle's code, Node and V8 before any per-item memory. */
  readonly baselineMiB: number;
  /** Peak RSS of `node -e 0`, for scale. */
  readonly bareMiB: number;
  readonly ms: number;
  /** Size of the report written, in bytes. */
  readonly reportBytes: number;
  readonly log: RequestLogSummary;
  /** '' when the run exited 0, deleted every upload and wrote a valid report saying so. */
  readonly wrong: string;
}

const SCHEMA = new URL('../report.schema.json', import.meta.url).pathname;
const TOKEN = 'bench-token';
// ajv-formats is CommonJS: its default export is the function, or holds it.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

/**
 * The scale case: `uploads` IDs from `upload-ids-file`, against the simulator with the default
 * rate limit and 2 s jobs, as a release workflow would run it. Measures the action's peak
 * memory (and that of the same run with 1 ID) and wall time, and checks the report it wrote
 * against report.schema.json.
 */
export async function measurePeakMemory(uploads = 100_000, jobLatencyMs = 2000): Promise<PeakMemory> {
  const baseline = await idsFileRun(1, jobLatencyMs);
  const run = await idsFileRun(uploads, jobLatencyMs);
  const bare = await timedNode(['--import', PEAK_PROBE, '-e', '0'], baseEnv());
  const problems = [...run.problems, ...baseline.problems.map((problem) => `with 1 ID: ${problem}`)];
  return {
    uploads,
    jobLatencyMs,
    actionMiB: run.peakMiB,
    baselineMiB: baseline.peakMiB,
    bareMiB: peakMiB(bare.stdout),
    ms: run.ms,
    reportBytes: run.reportBytes,
    log: run.log,
    wrong: problems.join('; '),
  };
}

/** `node dist/index.js` deleting `uploads` numeric IDs given in upload-ids-file, on a fresh simulator. */
async function idsFileRun(uploads: number, jobLatencyMs: number) {
  const ids = numericIds(uploads);
  const sim = await startSimulator({
    token: TOKEN,
    uploads: ids.map((id) => ({ id })),
    jobLatencyMs,
    rateLimit: RATE_LIMIT,
  });
  const dir = mkdtempSync(join(tmpdir(), 'bench-memory-'));
  try {
    const workspace = join(dir, 'workspace');
    const temp = join(dir, 'temp');
    mkdirSync(workspace);
    mkdirSync(temp);
    writeFileSync(join(workspace, 'obsolete-upload-ids.txt'), `# ${uploads} uploads\n${ids.join('\n')}\n`);
    const outputFile = join(dir, 'output');
    writeFileSync(outputFile, '');
    const inputs = { ...actionInputs(sim.url, TOKEN, ids), 'upload-ids-file': 'obsolete-upload-ids.txt' };
    const env = {
      ...baseEnv(),
      ...inputEnv(inputs),
      GITHUB_OUTPUT: outputFile,
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: temp,
    };
    const run = await timedNode(['--import', PEAK_PROBE, DIST], env);
    const deleted = sim.deletions.length;
    const problems: string[] = [];
    if (run.code !== 0) problems.push(`exit code ${run.code}: ${run.stdout.slice(-300)}`);
    if (deleted !== uploads) problems.push(`${deleted} deletions for ${uploads} IDs`);
    const report = readFileSync(join(temp, 'datocms-media-cleanup-report.json'), 'utf8');
    problems.push(...reportProblems(report, uploads));
    const log = summarizeRequests(sim.requests);
    return { peakMiB: peakMiB(run.stdout), ms: run.ms, reportBytes: Buffer.byteLength(report), log, problems };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await sim.close();
  }
}

/** The inputs as the runner passes them: INPUT_<NAME>, upper-cased, hyphens kept. */
export function inputEnv(inputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]));
}

/** What is wrong with the report: invalid against the schema, or not every upload deleted. */
function reportProblems(text: string, uploads: number): string[] {
  const ajv = new Ajv({ allErrors: false, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')) as object);
  const report = JSON.parse(text) as { items: { fate: string }[]; outcome: string };
  const problems: string[] = [];
  if (!validate(report)) problems.push(`report invalid: ${ajv.errorsText(validate.errors)}`);
  const deleted = report.items.filter((item) => item.fate === 'deleted').length;
  if (report.outcome !== 'succeeded' || deleted !== uploads) {
    problems.push(`report says ${report.outcome} with ${deleted} deleted of ${uploads}`);
  }
  return problems;
}
