/**
 * End-to-end: the runner's files (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY) that cannot be written,
 * with the action's bundle run as the runner does. Lost outputs fail the step in one line (a later
 * step would read nothing); a lost summary is a warning; the report and the other writes are
 * still made either way.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  act,
  closeSimulator,
  deletedUploads,
  errorLine,
  ids,
  simulator,
  validReport,
  validRestoreReport,
} from '../__fixtures__/e2e.ts';
import { uid } from '../__fixtures__/ids.ts';

afterEach(closeSimulator);

/** A path in a folder that does not exist, as a broken GITHUB_OUTPUT or GITHUB_STEP_SUMMARY would name. */
const nowhere = (name: string) => join(mkdtempSync(join(tmpdir(), 'runner-files-')), 'no-such-folder', name);
/** A report-file the test can read back, the outputs that would name it being lost. */
const reportPath = () => join(mkdtempSync(join(tmpdir(), 'runner-files-report-')), 'report.json');
const warnings = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('::warning::'));
const errors = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('::error::'));

describe('a GITHUB_OUTPUT that cannot be written', () => {
  it('fails the cleanup in one line after deleting, and still writes the report and the summary', async () => {
    const target = await simulator({ uploads: 3 });
    const report = reportPath();
    const run = await act(
      target,
      { 'upload-ids': ids(0, 3).join(','), 'report-file': report },
      { env: { GITHUB_OUTPUT: nowhere('output') } },
    );
    expect(deletedUploads(target)).toEqual(ids(0, 3));
    expect(run.code).toBe(1);
    expect(errors(run.stdout)).toHaveLength(1);
    expect(errorLine(run)).toMatch(
      /^::error::The step's outputs could not be written to GITHUB_OUTPUT \(.*no-such-folder\/output.*\), so a later step would read none of them: leave GITHUB_OUTPUT as the runner sets it .*; the counts are in the report \(.*report\.json\) and the job summary$/,
    );
    expect(run.stderr).toBe('');
    expect(validReport(readFileSync(report, 'utf8')).counts).toMatchObject({ successful: 3, failed: 0 });
    expect(run.summary).toContain('## DatoCMS media cleanup');
    expect(run.stdout).toContain('Deleted 3, failed 0');
  });

  it('fails a restore the same way, with its report written', async () => {
    const seeds = [
      { id: uid('keepsafe1'), filename: 'one.png', content: 'bytes of one' },
      { id: uid('keepsafe2'), filename: 'two.png', content: 'bytes of two' },
    ];
    const target = await simulator({ uploads: seeds });
    const dir = join(mkdtempSync(join(tmpdir(), 'runner-files-backup-')), 'backup');
    const cleanup = await act(target, { 'upload-ids': seeds.map((seed) => seed.id).join(','), 'backup-dir': dir });
    expect(cleanup.code).toBe(0);
    const report = reportPath();
    const run = await act(
      target,
      { 'restore-from': dir, 'report-file': report },
      { env: { GITHUB_OUTPUT: nowhere('output') } },
    );
    expect(target.creations).toHaveLength(2);
    expect(run.code).toBe(1);
    expect(errors(run.stdout)).toHaveLength(1);
    expect(errorLine(run)).toMatch(/^::error::The step's outputs could not be written to GITHUB_OUTPUT \(/);
    expect(run.stderr).toBe('');
    expect(validRestoreReport(readFileSync(report, 'utf8')).counts).toMatchObject({ restored: 2, failed: 0 });
    expect(run.summary).toContain('## DatoCMS media restore');
  });
});

describe('a GITHUB_STEP_SUMMARY that cannot be written', () => {
  it('is a warning naming the variable: the step succeeds, with its outputs and report', async () => {
    const target = await simulator({ uploads: 2 });
    const summary = nowhere('summary');
    const run = await act(target, { 'upload-ids': ids(0, 2).join(',') }, { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(run.code).toBe(0);
    expect(errors(run.stdout)).toEqual([]);
    expect(warnings(run.stdout)).toEqual([
      expect.stringMatching(
        /^::warning::The job summary could not be written to GITHUB_STEP_SUMMARY \(.*no-such-folder\/summary.*\): leave GITHUB_STEP_SUMMARY as the runner sets it .*; the outputs and the report hold the counts$/,
      ),
    ]);
    expect(run.outputs).toMatchObject({ successful: '2', failed: '0' });
    expect(run.reportText).toBeDefined();
    expect(existsSync(summary)).toBe(false);
  });

  it('with GITHUB_OUTPUT lost too: the outputs fail the step, the summary warns, the report is written', async () => {
    const target = await simulator({ uploads: 2 });
    const report = reportPath();
    const run = await act(
      target,
      { 'upload-ids': ids(0, 2).join(','), 'report-file': report },
      { env: { GITHUB_OUTPUT: nowhere('output'), GITHUB_STEP_SUMMARY: nowhere('summary') } },
    );
    expect(run.code).toBe(1);
    // The summary was lost too, so the error line sends the reader to the report only.
    expect(errors(run.stdout)).toEqual([
      expect.stringMatching(/GITHUB_OUTPUT .*; the counts are in the report \(.*report\.json\)$/),
    ]);
    expect(warnings(run.stdout)).toEqual([
      expect.stringMatching(/GITHUB_STEP_SUMMARY .*; the report holds the counts$/),
    ]);
    expect(validReport(readFileSync(report, 'utf8')).counts).toMatchObject({ successful: 2 });
  });
});
