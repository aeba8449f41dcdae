/**
 * End-to-end, the action: never more than was reviewed. A plan can only shrink (its seal refuses
 * an added item, a widened criterion, a moved cut-off; a removed item is simply not deleted); a
 * plan without this token's seal applies only pinned by plan-sha256; and a file replaced after
 * the re-check is caught where it is deleted, by the backup's listing or its download.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { act, closeSimulator, deletedUploads, errorLine, reportOf, simulator } from '../__fixtures__/e2e.ts';
import { uid } from '../__fixtures__/ids.ts';
import { startSimulator, type SeedUpload, type Simulator } from '../simulator/index.ts';

afterEach(closeSimulator);

const OLD = '2025-01-01T00:00:00.000Z';
const [A, B, C, KEEP, GHOST] = [uid('aaaa1'), uid('bbbb2'), uid('cccc3'), uid('keep'), uid('ghost')];
const seeds: SeedUpload[] = [
  ...[A, B, C].map((id) => ({ id, tags: ['old'], createdAt: OLD, content: `the file of ${id}` })),
  { id: KEEP, tags: ['keep'], createdAt: OLD },
];
const CRITERIA = { scope: 'library', filter: '{"tags":{"contains":"old"}}', 'older-than': '30d' };

const folder = () => mkdtempSync(join(tmpdir(), 'seal-'));
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const deletions = (target: Simulator) => target.requests.filter((r) => r.method === 'DELETE' || r.method === 'POST');

async function makePlan(target: Simulator, inputs: Record<string, string> = CRITERIA): Promise<string> {
  const path = join(folder(), 'plan.json');
  const run = await act(target, { ...inputs, 'dry-run': 'true', 'report-file': path });
  expect(run.code, run.stdout).toBe(0);
  return path;
}

interface PlanFile {
  startedAt: string;
  counts: { selected: number; uploads: { selected: number }; fates: { selected: number } };
  settings: {
    criteria: {
      conditions: { field: string; op: string; value: unknown }[];
      filter: Record<string, unknown> | null;
      olderThan: { before: string } | null;
    };
  };
  seal?: unknown;
  items: { id: string; seal?: unknown; listed: unknown }[];
}

/** Edits the plan file as a person would: parse, change, write back one item a line. */
function edit(path: string, change: (plan: PlanFile) => void): string {
  const plan = JSON.parse(readFileSync(path, 'utf8')) as PlanFile;
  change(plan);
  const { items, ...header } = plan;
  const text = `${JSON.stringify(header).slice(0, -1)},"items":[\n${items.map((i) => JSON.stringify(i)).join(',\n')}\n]}\n`;
  writeFileSync(path, text);
  return sha256(text);
}

/** Applies the plan with and without plan-sha256; both must be refused before any deletion request. */
async function refusedBoth(target: Simulator, path: string, sha: string, message: RegExp): Promise<void> {
  const ways: Record<string, string>[] = [{ 'plan-file': path }, { 'plan-file': path, 'plan-sha256': sha }];
  for (const inputs of ways) {
    const run = await act(target, inputs);
    expect(run.code, run.stdout).toBe(1);
    expect(errorLine(run)).toMatch(message);
  }
  expect(deletions(target)).toEqual([]);
}

describe('a plan edited without the token', () => {
  it('with an item added (the counts fixed to match) is refused, with plan-sha256 or without', async () => {
    const target = await simulator({ uploads: seeds });
    const path = await makePlan(target);
    const sha = edit(path, (plan) => {
      const first = plan.items[0];
      if (first !== undefined) plan.items.push({ ...first, id: KEEP });
      plan.counts.selected += 1;
      plan.counts.uploads.selected += 1;
      plan.counts.fates.selected += 1;
    });
    await refusedBoth(
      target,
      path,
      sha,
      new RegExp(
        `holds the upload "${KEEP}", which its dry run did not seal as it is: an item was added or changed after the plan was made`,
      ),
    );
    expect(target.uploadExists(KEEP)).toBe(true);
  });

  it('with a criterion removed is refused, with plan-sha256 or without', async () => {
    const target = await simulator({ uploads: seeds });
    const path = await makePlan(target);
    const sha = edit(path, (plan) => {
      const { criteria } = plan.settings;
      criteria.conditions = criteria.conditions.filter((c) => c.field !== 'tags');
      criteria.filter = null;
    });
    await refusedBoth(target, path, sha, /has a seal that does not hold for its environment, scope, criteria or dates/);
  });

  it('with the older-than cut-off moved to 2030 is refused, with plan-sha256 or without', async () => {
    const target = await simulator({ uploads: seeds });
    const path = await makePlan(target);
    const sha = edit(path, (plan) => {
      const { criteria } = plan.settings;
      const cutOff = '2030-01-01T00:00:00.000Z';
      if (criteria.olderThan !== null) criteria.olderThan.before = cutOff;
      for (const c of criteria.conditions) if (c.field === '_created_at') c.value = cutOff;
    });
    await refusedBoth(target, path, sha, /has a seal that does not hold/);
  });

  it('with an item removed, the counts left as they were, applies the rest: that item is not deleted, and counted', async () => {
    for (const pinned of [false, true]) {
      const target = await simulator({ uploads: seeds });
      const path = await makePlan(target);
      const sha = edit(path, (plan) => (plan.items = plan.items.filter((item) => item.id !== B)));
      const run = await act(target, { 'plan-file': path, ...(pinned ? { 'plan-sha256': sha } : {}) });
      expect(run.code, run.stdout).toBe(0);
      expect(deletedUploads(target).sort()).toEqual([A, C]);
      expect(target.uploadExists(B)).toBe(true);
      const binding = pinned ? 'seal+sha256' : 'seal';
      expect(reportOf(run).settings).toMatchObject({ plan: { binding, removed: 1, uploads: 2 } });
      const words = pinned ? 'bound by its seal and its SHA-256 (plan-sha256)' : 'bound by its seal';
      expect(run.summary).toContain(`${words}; 1 item(s) taken out of it since it was made, and not deleted`);
      expect(run.stdout).toContain(`${words}; 1 item(s) taken out of it since it was made, and not deleted`);
      await closeSimulator();
    }
  });

  it('without its seal (as an earlier version wrote it) applies only pinned by plan-sha256', async () => {
    const target = await simulator({ uploads: seeds });
    const path = await makePlan(target);
    const sha = edit(path, (plan) => {
      delete plan.seal;
      for (const item of plan.items) delete item.seal;
    });
    const run = await act(target, { 'plan-file': path });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(
      /has no seal, so nothing shows it is the plan its dry run wrote .*: pin it with plan-sha256/,
    );
    expect(deletions(target)).toEqual([]);
    const pinned = await act(target, { 'plan-file': path, 'plan-sha256': sha });
    expect(pinned.code, pinned.stdout).toBe(0);
    expect(deletedUploads(target).sort()).toEqual([A, B, C]);
    expect(reportOf(pinned).settings).toMatchObject({ plan: { binding: 'sha256', removed: 0 } });
    expect(pinned.summary).toContain('bound by its SHA-256 (plan-sha256)');
  });
});

describe('a plan sealed with another token', () => {
  it('is refused unless plan-sha256 pins it, then applies with a warning', async () => {
    const otherToken = 'another-project-token-42';
    const other: Simulator = await startSimulator({ token: otherToken, uploads: seeds, jobLatencyMs: 20 });
    let path: string;
    try {
      path = join(folder(), 'plan.json');
      const dry = await act(other, { ...CRITERIA, 'api-token': otherToken, 'dry-run': 'true', 'report-file': path });
      expect(dry.code, dry.stdout).toBe(0);
    } finally {
      await other.close();
    }
    const target = await simulator({ uploads: seeds });
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain(otherToken);
    const run = await act(target, { 'plan-file': path });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(/was sealed with another API token than this run's: apply it with the token/);
    expect(run.stdout).not.toContain(otherToken);
    expect(deletions(target)).toEqual([]);
    const pinned = await act(target, { 'plan-file': path, 'plan-sha256': sha256(text) });
    expect(pinned.code, pinned.stdout).toBe(0);
    expect(pinned.stdout).toMatch(
      /::warning::the plan was sealed with another API token than this run's: it is bound by plan-sha256 alone/,
    );
    expect(deletedUploads(target).sort()).toEqual([A, B, C]);
  });
});

describe('a file replaced after the re-check', () => {
  const replaced: SeedUpload = {
    id: B,
    tags: ['old'],
    createdAt: OLD,
    content: 'a new file, which nobody reviewed',
  };

  it("is seen by the backup's listing: skipped as changed, never deleted", async () => {
    const target = await simulator({ uploads: seeds });
    const path = await makePlan(target);
    // The re-check is answered truthfully; right after it, the file is replaced.
    target.inject({ match: { method: 'GET', path: /^\/uploads$/ }, andThen: () => target.addUpload(replaced) });
    const backup = join(folder(), 'backup');
    const run = await act(target, {
      'plan-file': path,
      'plan-sha256': sha256(readFileSync(path, 'utf8')),
      'backup-dir': backup,
    });
    expect(run.code, run.stdout).toBe(0);
    expect(deletedUploads(target).sort()).toEqual([A, C]);
    expect(target.uploadExists(B)).toBe(true);
    expect(run.outputs).toMatchObject({ selected: '3', successful: '2', failed: '0', skipped: '1' });
    const item = reportOf(run).items.find((entry) => entry.id === B);
    expect(item).toMatchObject({ fate: 'skipped', reason: 'file changed since the plan', backup: null });
    expect(item?.listed).toMatchObject({ size: 33 });
    expect(run.stdout).toContain(
      `Upload ${B} is skipped, and not deleted: file changed since the plan (the backup's listing: listed now with size 33`,
    );
    expect(run.summary).toContain(`- file changed since the plan (1): \`${B}\``);
  });

  it('is seen by its download: skipped as changed, never deleted', async () => {
    const target = await simulator({ uploads: seeds });
    const path = await makePlan(target);
    // The re-check and the backup's listing see the planned file; the download gets another one of the same size.
    const same = { ...replaced, content: `the file of ${B}`.replace('the', 'THE') };
    target.inject({ match: { method: 'GET', path: /^\/uploads$/ }, after: 1, andThen: () => target.addUpload(same) });
    const run = await act(target, { 'plan-file': path, 'backup-dir': join(folder(), 'backup') });
    expect(run.code, run.stdout).toBe(0);
    expect(deletedUploads(target).sort()).toEqual([A, C]);
    expect(reportOf(run).items.find((entry) => entry.id === B)).toMatchObject({
      fate: 'skipped',
      reason: 'file changed since the plan',
      backup: null,
    });
    expect(run.stdout).toContain(`Upload ${B} is skipped, and not deleted: file changed since the plan (its md5 is`);
  });

  it('without a plan, the backup still holds its listing to the criteria', async () => {
    const target = await simulator({ uploads: seeds });
    const untagged: SeedUpload = { id: A, tags: [], createdAt: OLD, content: `the file of ${A}` };
    target.inject({ match: { method: 'GET', path: /^\/uploads$/ }, andThen: () => target.addUpload(untagged) });
    const run = await act(target, { ...CRITERIA, 'backup-dir': join(folder(), 'backup') });
    expect(run.code, run.stdout).toBe(0);
    expect(deletedUploads(target).sort()).toEqual([B, C]);
    expect(reportOf(run).items.find((entry) => entry.id === A)).toMatchObject({
      fate: 'skipped',
      reason: 'no longer matches the criteria',
    });
    expect(run.summary).toContain('### Skipped: changed since they were selected, not deleted');
  });
});

describe('what an apply says', () => {
  it('of an ID its dry run did not find: gone, with no word of a missing md5', async () => {
    const target = await simulator({ uploads: seeds });
    const path = await makePlan(target, { 'upload-ids': `${A},${GHOST}` });
    const run = await act(target, { 'plan-file': path });
    expect(run.code, run.stdout).toBe(0);
    expect(deletedUploads(target)).toEqual([A]);
    expect(reportOf(run).items.find((item) => item.id === GHOST)).toMatchObject({
      fate: 'skipped',
      reason: 'gone since the plan',
    });
    expect(run.stdout).not.toMatch(/no md5 in the plan/);
  });
});
