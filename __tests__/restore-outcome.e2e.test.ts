/**
 * End-to-end: a restore that brings back fewer uploads than it was to fails, the action's step
 * (exit 1, one `::error::` line) and the command (exit 1, its error line) alike, whatever
 * fail-on-failed says; its report and summary are still written. What it skips (restored before,
 * or still there) is not owed.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packedCommand, runCommand } from '../__fixtures__/command.ts';
import { act, closeSimulator, errorLine, simulator, TOKEN, validRestoreReport } from '../__fixtures__/e2e.ts';
import { uid } from '../__fixtures__/ids.ts';
import type { Simulator } from '../simulator/index.ts';

afterEach(closeSimulator);

const SEEDS = [
  { id: uid('lost1'), filename: 'one.png', content: 'the bytes of one' },
  { id: uid('lost2'), filename: 'two.pdf', content: 'the bytes of two' },
  { id: uid('lost3'), filename: 'three.jpg', content: 'the bytes of three' },
];
const CREATES = { method: 'POST', path: '/uploads' };
/** The API refusing a creation for sure (a 4xx): nothing was created. */
const refused = (times: number) => ({
  match: CREATES,
  times,
  status: 422,
  contentType: 'application/json',
  body: JSON.stringify({ data: [{ type: 'api_error', id: 'x', attributes: { code: 'INVALID_FIELD', details: {} } }] }),
});
const errors = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('::error::'));

/** A simulator whose three uploads a cleanup with backup-dir deleted: the backup folder to restore. */
async function backedUpAndDeleted(): Promise<{ target: Simulator; dir: string }> {
  const target = await simulator({ uploads: SEEDS });
  const dir = join(mkdtempSync(join(tmpdir(), 'restore-outcome-')), 'backup');
  const cleanup = await act(target, { 'upload-ids': SEEDS.map((seed) => seed.id).join(','), 'backup-dir': dir });
  expect(cleanup.code).toBe(0);
  expect(target.uploads()).toEqual([]);
  return { target, dir };
}

describe('the action', () => {
  it('fails a restore that restored nothing, every creation refused, with its report and summary', async () => {
    const { target, dir } = await backedUpAndDeleted();
    target.inject(refused(3));
    const run = await act(target, { 'restore-from': dir });
    expect(target.creations).toEqual([]);
    expect(run.code).toBe(1);
    expect(errors(run.stdout)).toHaveLength(1);
    expect(errorLine(run)).toMatch(
      /^::error::3 of 3 upload\(s\) to restore were not restored \(see the job summary and the report\): fix what their reasons say, then run the restore again; it skips the 0 restored now$/,
    );
    expect(validRestoreReport(run.reportText)).toMatchObject({
      outcome: 'failed-items',
      counts: { restored: 0, failed: 3 },
    });
    expect(run.outputs).toMatchObject({ successful: '0', failed: '3' });
    expect(run.summary).toContain(':x: **Failed:** 0 restored, **3 not restored**.');
  });

  it('fails a partial restore, and succeeds once a second run restores the rest (skipping what it holds)', async () => {
    const { target, dir } = await backedUpAndDeleted();
    target.inject(refused(1));
    const first = await act(target, { 'restore-from': dir, 'fail-on-failed': 'false' });
    expect(target.creations).toHaveLength(2);
    expect(first.code).toBe(1);
    expect(errorLine(first)).toMatch(
      /^::error::1 of 3 upload\(s\) to restore were not restored .*it skips the 2 restored now$/,
    );
    expect(validRestoreReport(first.reportText).counts).toMatchObject({ restored: 2, failed: 1 });

    const second = await act(target, { 'restore-from': dir });
    expect(second.code).toBe(0);
    expect(errors(second.stdout)).toEqual([]);
    expect(validRestoreReport(second.reportText).counts).toMatchObject({ restored: 1, skipped: 2, failed: 0 });
    const third = await act(target, { 'restore-from': dir });
    expect(third.code).toBe(0);
    expect(validRestoreReport(third.reportText).counts).toMatchObject({ restored: 0, skipped: 3 });
  });
});

describe('the command', () => {
  const installed = packedCommand();

  it('restore exits 1 with its error line when uploads were not restored, and writes its report', async () => {
    const { target, dir } = await backedUpAndDeleted();
    target.inject(refused(3));
    const run = await runCommand(installed().bin, ['restore', dir, '--base-url', target.url], {
      env: { DATOCMS_API_TOKEN: TOKEN },
    });
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe(
      'datocms-media-cleanup: 3 of 3 upload(s) to restore were not restored (see the "Not restored" lines and the report): fix what their reasons say, then run the restore again; it skips the 0 restored now',
    );
    expect(run.stdout).toContain('Restore failed: 3 upload(s) not restored.');
    expect(run.stdout).not.toContain('Restore done');
    const report = readFileSync(join(run.cwd, 'datocms-media-cleanup-restore-report.json'), 'utf8');
    expect(validRestoreReport(report).counts).toMatchObject({ restored: 0, failed: 3 });
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });
});
