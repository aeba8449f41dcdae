/** Shared by the end-to-end tests: one simulator per test, and a run of the bundle that checks for token leaks. */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { expect } from 'vitest';
import { runAction, type ActionRun, type RunOptions } from '../scripts/run-action.ts';
import { startSimulator, uploadId, type Simulator, type SimulatorOptions } from '../simulator/index.ts';

export const TOKEN = 'sim-token-Secret-7f3a9c';
let current: Simulator | undefined;

/** Starts the test's simulator (closed by `closeSimulator`), accepting TOKEN, with quick jobs. */
export async function simulator(options: SimulatorOptions = {}): Promise<Simulator> {
  current = await startSimulator({ token: TOKEN, jobLatencyMs: 20, ...options });
  return current;
}

export async function closeSimulator(): Promise<void> {
  await current?.close();
  current = undefined;
}

/** Runs the action against `target` and checks that the token leaked nowhere. */
export async function act(target: Simulator, inputs: Record<string, string>, options?: RunOptions): Promise<ActionRun> {
  const run = await runAction({ 'api-token': TOKEN, 'base-url': target.url, ...inputs }, options);
  expectNoTokenLeak(run);
  // A restore's report has a schema of its own: its tests check it with validRestoreReport.
  if (run.reportText !== undefined && inputs['restore-from'] === undefined) reportOf(run);
  return run;
}

/** The token appears nowhere but in the `::add-mask::` line. */
export function expectNoTokenLeak(run: ActionRun, token = TOKEN): void {
  const stdout = run.stdout.split('\n').filter((line) => line !== `::add-mask::${token}`);
  expect(stdout.join('\n')).not.toContain(token);
  expect(run.stderr).not.toContain(token);
  expect(JSON.stringify(run.outputs)).not.toContain(token);
  expect(run.summary ?? '').not.toContain(token);
}

export const ids = (from: number, to: number): string[] =>
  Array.from({ length: to - from }, (_, i) => uploadId(from + i));

export const deletedUploads = (target: Simulator): string[] =>
  target.deletions.filter((d) => d.kind === 'upload').map((d) => d.uploadId);

export const errorLine = (run: ActionRun): string =>
  run.stdout.split('\n').find((line) => line.startsWith('::error::')) ?? '';

// ajv-formats is CommonJS: its default export is the function, or holds it.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

/** report.schema.json, compiled once with a real validator. */
const validateReport = (() => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(new URL('../report.schema.json', import.meta.url), 'utf8')) as object);
})();

/** The run's report, checked: valid against the schema, the token nowhere, counts that follow from the items. */
export function reportOf(run: ActionRun): RunReportDocument {
  const report = validReport(run.reportText);
  expect(String(report.counts.successful)).toBe(run.outputs.successful);
  expect(String(report.counts.failed)).toBe(run.outputs.failed);
  return report;
}

/** A report's text, checked: valid against the schema, the token nowhere, counts that follow from the items. */
export function validReport(text: string | undefined): RunReportDocument {
  expect(text, 'a report was written').toBeDefined();
  const report = JSON.parse(text ?? '') as RunReportDocument;
  const valid = validateReport(report);
  expect(validateReport.errors ?? [], 'report.schema.json').toEqual([]);
  expect(valid).toBe(true);
  expect(text).not.toContain(TOKEN);
  const fate = (name: string) => report.items.filter((item) => item.fate === name).length;
  const unnamed = report.counts.unnamedFailed;
  expect(report.counts.successful).toBe(fate('deleted') + fate('unknown') - unnamed);
  expect(report.counts.failed).toBe(fate('failed') + unnamed);
  expect(report.counts.skipped).toBe(fate('skipped'));
  expect(report.counts.selected).toBe(report.items.length + report.counts.unlisted);
  return report;
}

/** What the tests read of a report (report.schema.json has it all). */
export interface RunReportDocument {
  readonly schemaVersion: number;
  readonly outcome: string;
  readonly error: string | null;
  readonly dryRun: boolean;
  readonly environment: { readonly id: string | null; readonly primary: boolean | null; readonly confirmed: boolean };
  readonly counts: {
    readonly selected: number;
    readonly successful: number;
    readonly failed: number;
    readonly skipped: number;
    readonly unlisted: number;
    readonly unnamedFailed: number;
  };
  readonly jobs: readonly { readonly id: string; readonly finishedAt: string | null; readonly status: number | null }[];
  readonly settings: { readonly sources: Record<string, unknown> } & Record<string, unknown>;
  readonly tool: { readonly name: string; readonly version: string };
  readonly items: readonly {
    readonly kind: 'upload' | 'track';
    readonly id: string;
    readonly fate: string;
    readonly reason: string | null;
    readonly jobId: string | null;
    readonly verified: boolean | null;
    readonly listed?: Record<string, unknown> | null;
  }[];
}

/** A JSON Schema of the repository, compiled once. */
function schemaCheck(file: string) {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8')) as object);
}
const validateManifest = schemaCheck('backup.schema.json');
const validateRestoreReport = schemaCheck('restore-report.schema.json');

/** A backup folder's manifest.json, checked against backup.schema.json and for the token. */
export function validManifest(dir: string): BackupManifestDocument {
  const text = readFileSync(`${dir}/manifest.json`, 'utf8');
  expect(text).not.toContain(TOKEN);
  const manifest = JSON.parse(text) as BackupManifestDocument;
  validateManifest(manifest);
  expect(validateManifest.errors ?? [], 'backup.schema.json').toEqual([]);
  return manifest;
}

/** A restore's report text, checked against restore-report.schema.json, for the token, and its counts against its items. */
export function validRestoreReport(text: string | undefined): RestoreReportDocument {
  expect(text, 'a restore report was written').toBeDefined();
  expect(text).not.toContain(TOKEN);
  const report = JSON.parse(text ?? '') as RestoreReportDocument;
  validateRestoreReport(report);
  expect(validateRestoreReport.errors ?? [], 'restore-report.schema.json').toEqual([]);
  for (const fate of ['restored', 'skipped', 'failed', 'pending'] as const) {
    expect(report.counts[fate], fate).toBe(report.items.filter((item) => item.fate === fate).length);
  }
  return report;
}

export interface BackupManifestDocument {
  readonly complete: boolean;
  readonly environment: { readonly id: string | null };
  readonly uploads: readonly {
    readonly id: string;
    readonly file: string;
    readonly size: number;
    readonly md5: string;
    readonly resource: {
      readonly id: string;
      readonly attributes: Record<string, unknown>;
      readonly relationships?: unknown;
    };
  }[];
  readonly tracks: readonly {
    readonly uploadId: string;
    readonly trackId: string;
    readonly name: string | null;
    readonly media: string;
  }[];
  readonly notSaved: readonly { readonly id: string; readonly reason: string; readonly why: string }[];
}

export interface RestoreReportDocument {
  readonly outcome: string;
  readonly error: string | null;
  readonly environment: { readonly id: string | null };
  readonly counts: Record<'selected' | 'restored' | 'skipped' | 'failed' | 'pending', number>;
  readonly idMap: Record<string, string>;
  readonly items: readonly {
    readonly id: string;
    readonly fate: string;
    readonly reason: string | null;
    readonly newId: string | null;
  }[];
}
