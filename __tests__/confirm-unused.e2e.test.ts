/**
 * End-to-end, the action and the command: `confirm-unused` reads every selected upload's
 * references before any deletion, under both answers of what the `in_use` filter counts
 * (UNVERIFIED: the simulator's `inUseFilter`). An upload a record links is kept and named with
 * its records; one whose references cannot be read is kept too; a plan made with it confirms
 * again when applied, whatever the apply's input says.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packedCommand, runCommand } from '../__fixtures__/command.ts';
import {
  act,
  closeSimulator,
  deletedUploads,
  errorLine,
  reportOf,
  simulator,
  TOKEN,
  validReport,
} from '../__fixtures__/e2e.ts';
import { uids } from '../__fixtures__/ids.ts';
import type { InUseFilter, SeedReference, SeedUpload, Simulator } from '../simulator/index.ts';

const installed = packedCommand();
afterEach(closeSimulator);

const FREE = uids('f0', 'f1', 'f2', 'f3');
const [F0, F1, F2] = FREE as [string, string, string, string];
const [DRAFT, PUBLISHED] = uids('draft', 'published') as [string, string];
const RECORDS = uids('r0', 'r1', 'r2', 'r3', 'r4');
/** Five records link DRAFT in their current (draft) version only. */
const DRAFT_REFERENCES: SeedReference[] = RECORDS.map((id, n) => ({ id, itemType: `model${n}`, version: 'current' }));

/**
 * Four unused uploads, one only drafts use and one a published record uses. Under
 * 'published-only' the listing calls the draft-used one unused. Under 'any-version' it cannot,
 * so a record starts linking it just after the listings (as an editor may, mid-run): the
 * listing called it unused, its references do not.
 */
async function library(inUseFilter: InUseFilter): Promise<Simulator> {
  const draft: SeedUpload = { id: DRAFT, references: DRAFT_REFERENCES };
  const seeds: SeedUpload[] = [
    ...FREE.map((id) => ({ id })),
    inUseFilter === 'published-only' ? draft : { id: DRAFT },
    { id: PUBLISHED, references: [{ id: RECORDS[0] ?? '', version: 'published' }] },
  ];
  // The API deletes an upload records use (UNVERIFIED, the worst answer): nothing but the
  // confirmation keeps it.
  const target = await simulator({ uploads: seeds, inUseFilter, inUseUploads: 'delete' });
  if (inUseFilter === 'any-version') {
    // GET /uploads answers the listing, the library's count, then the proof that in_use applied:
    // the race comes right after that.
    target.inject({ match: { method: 'GET', path: /^\/uploads$/ }, after: 2, andThen: () => target.addUpload(draft) });
  }
  return target;
}

const ONLY_UNUSED = { scope: 'library', 'only-unused': 'true' };
const referencesOf = (target: Simulator) => target.requests.filter((request) => request.path.endsWith('/references'));

interface ItemWithReferences {
  readonly id: string;
  readonly fate: string;
  readonly reason: string | null;
  readonly why?: string;
  readonly references?: { count: number; records: { id: string; itemType: string | null }[] };
}
const itemOf = (items: readonly unknown[], id: string) =>
  (items as ItemWithReferences[]).find((item) => item.id === id);

/** DRAFT kept, named with three of its five records; every other unused upload deleted. */
function expectDraftKept(target: Simulator, items: readonly unknown[]): void {
  expect(deletedUploads(target).sort()).toEqual([...FREE].sort());
  expect(target.uploadExists(DRAFT)).toBe(true);
  expect(itemOf(items, DRAFT)).toMatchObject({
    fate: 'skipped',
    reason: 'in use by records',
    references: {
      count: 5,
      records: [
        { id: RECORDS[0], itemType: 'model0' },
        { id: RECORDS[1], itemType: 'model1' },
        { id: RECORDS[2], itemType: 'model2' },
      ],
    },
  });
  const asked = referencesOf(target);
  expect(asked.map((request) => request.path).sort()).toEqual(
    [...FREE, DRAFT].map((id) => `/uploads/${id}/references`).sort(),
  );
  expect(asked.every((r) => r.query.version === 'published-or-current' && r.query.nested === 'true')).toBe(true);
  // Every references request came before the first deletion.
  const firstDeletion = target.requests.findIndex((request) => request.method !== 'GET');
  expect(target.requests.findLastIndex((request) => request.path.endsWith('/references'))).toBeLessThan(firstDeletion);
}

describe.each(['any-version', 'published-only'] as const)('in_use filter counting %s', (inUseFilter) => {
  it('the action keeps an upload its references show in use, names its records, and deletes the rest', async () => {
    const target = await library(inUseFilter);
    const run = await act(target, { ...ONLY_UNUSED, 'confirm-unused': 'true' });
    expect(run.code, run.stdout).toBe(0);
    const report = reportOf(run);
    expectDraftKept(target, report.items);
    expect(run.outputs).toMatchObject({ selected: '5', successful: '4', failed: '0', skipped: '1' });
    expect(report.settings).toMatchObject({ criteria: { onlyUnused: true, confirmUnused: true } });
    expect(run.stdout).toContain(`Upload ${DRAFT} is kept: 5 record(s): ${RECORDS[0]} (model model0)`);
    expect(run.summary).toContain(
      'Confirmed unused: 4 of 5 upload(s) (their references read); 1 kept as in use by records',
    );
    expect(run.summary).toContain(`- in use by records (1): \`${DRAFT}\``);
  });

  it('the command does the same', async () => {
    const target = await library(inUseFilter);
    const run = await runCommand(
      installed().bin,
      ['--base-url', target.url, '--scope', 'library', '--only-unused', '--confirm-unused'],
      { env: { DATOCMS_API_TOKEN: TOKEN } },
    );
    expect(run.code, run.stderr).toBe(0);
    expectDraftKept(target, validReport(run.reportText).items);
    expect(run.stdout).toContain(
      'Confirmed unused: 4 of 5 upload(s) (their references read); 1 kept as in use by records',
    );
    expect(run.stdout).toContain(`in use by records (1): ${DRAFT}`);
  });
});

describe('without confirm-unused', () => {
  it('deletes an upload only drafts use when the in_use filter counts only published versions: the input matters', async () => {
    const target = await library('published-only');
    const run = await act(target, ONLY_UNUSED);
    expect(run.code, run.stdout).toBe(0);
    expect(deletedUploads(target).sort()).toEqual([...FREE, DRAFT].sort());
    expect(referencesOf(target)).toEqual([]);
  });
});

describe('references that cannot be read', () => {
  it('keeps an upload whose answer is malformed, or that fails every time, and deletes the confirmed ones', async () => {
    const target = await library('published-only');
    const json = { 'content-type': 'application/json' };
    target.inject({
      match: { method: 'GET', path: `/uploads/${F1}/references` },
      status: 200,
      body: JSON.stringify({ data: [{ type: 'item', id: 'not an id!' }] }),
      headers: json,
    });
    target.inject({ match: { method: 'GET', path: `/uploads/${F2}/references` }, status: 500, times: 50 });
    const run = await act(target, { ...ONLY_UNUSED, 'confirm-unused': 'true' });
    expect(run.code, run.stdout).toBe(0);
    expect(deletedUploads(target).sort()).toEqual(FREE.filter((id) => id !== F1 && id !== F2).sort());
    const items = reportOf(run).items;
    for (const id of [F1, F2]) {
      expect(target.uploadExists(id)).toBe(true);
      expect(itemOf(items, id)).toMatchObject({ fate: 'skipped', reason: 'not confirmed unused' });
      expect(itemOf(items, id)?.why).toMatch(/^[^\n]+$/);
    }
    expect(itemOf(items, F1)?.why).toContain('not a record with an ID');
    expect(run.summary).toContain('2 kept as not confirmed unused');
  });
});

describe('an upload gone before its references are read', () => {
  it('counts it failed, not found, as a deletion that finds it gone does, and sends no deletion for it', async () => {
    const target = await library('published-only');
    const F3 = FREE[3] ?? '';
    target.inject({ match: { method: 'GET', path: /^\/uploads$/ }, after: 2, andThen: () => target.removeUpload(F3) });
    const run = await act(target, { ...ONLY_UNUSED, 'confirm-unused': 'true' });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ selected: '5', successful: '3', failed: '1', skipped: '1' });
    expect(itemOf(reportOf(run).items, F3)).toMatchObject({ fate: 'failed', reason: 'not found' });
    expect(
      target.requests.some((request) => request.method !== 'GET' && (request.search + request.body).includes(F3)),
    ).toBe(false);
  });
});

describe('plans', () => {
  const folder = () => mkdtempSync(join(tmpdir(), 'confirm-plan-'));

  async function plan(target: Simulator, inputs: Record<string, string>) {
    const path = join(folder(), 'plan.json');
    const run = await act(target, { ...ONLY_UNUSED, ...inputs, 'dry-run': 'true', 'report-file': path });
    expect(run.code, run.stdout).toBe(0);
    return { path, run };
  }

  it('a plan made with it leaves in-use uploads out, and its apply confirms again even without the input', async () => {
    const target = await library('published-only');
    const made = await plan(target, { 'confirm-unused': 'true' });
    const planned = reportOf(made.run);
    expect(planned.settings).toMatchObject({ criteria: { confirmUnused: true } });
    expect(itemOf(planned.items, DRAFT)).toMatchObject({ fate: 'skipped', reason: 'in use by records' });
    expect(
      planned.items
        .filter((item) => item.fate === 'selected')
        .map((item) => item.id)
        .sort(),
    ).toEqual([...FREE].sort());
    expect(made.run.stdout).toContain('Confirmed 4 of 5 upload(s) unused; kept 1 in use by records');
    expect(target.requests.filter((request) => request.method !== 'GET')).toEqual([]);
    // A draft starts using F0 after the review.
    target.addUpload({ id: F0, references: [{ id: RECORDS[4] ?? '', version: 'current' }] });

    const run = await act(target, { 'plan-file': made.path });

    expect(run.code, run.stdout).toBe(0);
    expect(deletedUploads(target).sort()).toEqual(FREE.filter((id) => id !== F0).sort());
    expect(itemOf(reportOf(run).items, F0)).toMatchObject({
      fate: 'skipped',
      reason: 'in use by records',
      references: { count: 1, records: [{ id: RECORDS[4], itemType: 'article' }] },
    });
  });

  it('an apply with the input confirms a plan made without it', async () => {
    const target = await library('published-only');
    const made = await plan(target, {});
    expect(reportOf(made.run).settings).toMatchObject({ criteria: { confirmUnused: false } });
    const run = await act(target, { 'plan-file': made.path, 'confirm-unused': 'true' });
    expect(run.code, run.stdout).toBe(0);
    expect(deletedUploads(target).sort()).toEqual([...FREE].sort());
    expect(itemOf(reportOf(run).items, DRAFT)).toMatchObject({ fate: 'skipped', reason: 'in use by records' });
  });
});

describe('the input', () => {
  it('refuses confirm-unused: maybe before any request', async () => {
    const target = await library('published-only');
    const run = await act(target, { ...ONLY_UNUSED, 'confirm-unused': 'maybe' });
    expect(run.code).not.toBe(0);
    expect(errorLine(run)).toContain('confirm-unused');
    expect(target.requests).toEqual([]);
  });
});
