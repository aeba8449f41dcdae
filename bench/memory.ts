import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { startSimulator } from '../simulator/index.ts';
import { baseEnv, timedNode } from './child-process.ts';
import { actionInputs } from './clients.ts';
import { numericIds, RATE_LIMIT } from './deletion-case.ts';
import { summarizeRequests, type RequestLogSummary } from './request-log.ts';

export interface PeakMemory {
  readonly uploads: number;
  readonly jobLatencyMs: number;
  /** Max RSS of the process running dist/index.js (through the loader), in MiB. */
  readonly actionMiB: number;
  /** Max RSS of `node -e 0`, for scale. */
  readonly bareMiB: number;
  readonly ms: number;
  /** Size of the report written, in bytes. */
  readonly reportBytes: number;
  readonly log: RequestLogSummary;
  /** '' when the run exited 0, deleted every upload and wrote a valid report saying so. */
  readonly wrong: string;
}

const LOADER = new URL('memory-loader.ts', import.meta.url).pathname;
const SCHEMA = new URL('../report.schema.json', import.meta.url).pathname;
const TOKEN = 'bench-token';
/** What memory-loader.ts prints on exit. */
const MAX_RSS = /^maxRSS=(\d+)$/m;
// ajv-formats is CommonJS: its default export is the function, or holds it.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

/**
 * The scale case: `uploads` IDs from `upload-ids-file`, against the simulator with the default
 * rate limit and 2 s jobs, as a release workflow would run it. Measures the action's peak
 * memory and wall time, and checks the report it wrote against report.schema.json.
 */
export async function measurePeakMemory(uploads = 100_000, jobLatencyMs = 2000): Promise<PeakMemory> {
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
    const inputsFile = join(dir, 'inputs.json');
    const outputFile = join(dir, 'output');
    writeFileSync(outputFile, '');
    const inputs = { ...actionInputs(sim.url, TOKEN, ids), 'upload-ids-file': 'obsolete-upload-ids.txt' };
    writeFileSync(inputsFile, JSON.stringify(inputs));
    const env = { ...baseEnv(), GITHUB_OUTPUT: outputFile, GITHUB_WORKSPACE: workspace, RUNNER_TEMP: temp };
    const run = await timedNode([LOADER, inputsFile], env);
    const bare = await timedNode(['-e', 'console.log(`maxRSS=${process.resourceUsage().maxRSS}`)'], baseEnv());
    const deleted = sim.deletions.length;
    const problems: string[] = [];
    if (run.code !== 0) problems.push(`exit code ${run.code}: ${run.stdout.slice(-300)}`);
    if (deleted !== uploads) problems.push(`${deleted} deletions for ${uploads} IDs`);
    const report = readFileSync(join(temp, 'datocms-media-cleanup-report.json'), 'utf8');
    problems.push(...reportProblems(report, uploads));
    return {
      uploads,
      jobLatencyMs,
      actionMiB: maxRssMiB(run.stdout),
      bareMiB: maxRssMiB(bare.stdout),
      ms: run.ms,
      reportBytes: Buffer.byteLength(report),
      log: summarizeRequests(sim.requests),
      wrong: problems.join('; '),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await sim.close();
  }
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

function maxRssMiB(stdout: string): number {
  const match = MAX_RSS.exec(stdout);
  if (!match) throw new Error(`no maxRSS line in: ${stdout.slice(-300)}`);
  return Number(match[1]) / 1024;
}
