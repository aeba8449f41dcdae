/**
 * End-to-end, the action: a dry run's report is a plan, and a later step applies it. Between the
 * two the library changes; applying deletes exactly the planned items that still qualify, skips
 * each change with its reason, and refuses, before any deletion request, every plan it must not
 * apply. Every report is validated against report.schema.json by `act`.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  act,
  closeSimulator,
  deletedUploads,
  errorLine,
  reportOf,
  simulator,
  validManifest,
} from '../__fixtures__/e2e.ts';
import { uids } from '../__fixtures__/ids.ts';
import type { SeedUpload, Simulator } from '../simulator/index.ts';

afterEach(closeSimulator);

const OLD = '2025-01-01T00:00:00.000Z';
const OBSOLETE = uids('a0', 'a1', 'a2', 'a3', 'a4', 'a5');
const [A0, A1, A2, A3, A4, A5] = OBSOLETE as [string, string, string, string, string, string];
const [KEEP, VID, NEW, GHOST] = uids('keep', 'vid', 'new', 'ghost') as [string, string, string, string];
/** Six obsolete uploads, one to keep, and a video with two tracks. */
const seeds: SeedUpload[] = [
  ...OBSOLETE.map((id) => ({ id, tags: ['obsolete'], createdAt: OLD, size: 2000 })),
  { id: KEEP, tags: ['keep'], createdAt: OLD },
  { id: VID, tags: ['video'], createdAt: OLD, tracks: [{ id: 'en' }, { id: 'fr' }] },
];
const CRITERIA = {
  scope: 'library',
  filter: '{"tags":{"contains":"obsolete"}}',
  'only-unused': 'true',
  'older-than': '30d',
};

const folder = () => mkdtempSync(join(tmpdir(), 'plan-'));
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const nonGets = (target: Simulator) => target.requests.filter((request) => request.method !== 'GET');

/** Makes a plan with a dry run; returns its path and the report-sha256 output. */
async function makePlan(target: Simulator, inputs: Record<string, string> = CRITERIA) {
  const path = join(folder(), 'plan.json');
  const run = await act(target, { ...inputs, 'dry-run': 'true', 'report-file': path });
  expect(run.code, run.stdout).toBe(0);
  return { path, sha: run.outputs['report-sha256'] ?? '', run };
}

describe('a dry run', () => {
  it("writes a plan: report-sha256 is the file's SHA-256, and the summary says how to apply it", async () => {
    const target = await simulator({ uploads: seeds });
    const { path, sha, run } = await makePlan(target);
    expect(sha).toBe(sha256(path));
    const plan = reportOf(run);
    expect(plan).toMatchObject({ dryRun: true, outcome: 'dry-run', environment: { id: 'main', confirmed: true } });
    expect(plan.settings).toMatchObject({
      scope: 'library',
      plan: null,
      criteria: {
        filter: { tags: { contains: 'obsolete' } },
        onlyUnused: true,
        olderThan: { input: '30d', before: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as string },
      },
    });
    expect(plan.items.map((item) => [item.id, item.fate])).toEqual(OBSOLETE.map((id) => [id, 'selected']));
    expect(plan.items[0]?.listed).toMatchObject({ size: 2000, md5: expect.stringMatching(/^[0-9a-f]{32}$/) as string });
    expect(run.summary).toContain('### Apply this plan');
    expect(run.summary).toContain(`plan-file: ${JSON.stringify(path)}`);
    expect(run.summary).toContain(`plan-sha256: ${sha}`);
    expect(nonGets(target)).toEqual([]);
  });
});

describe('applying a plan', () => {
  it('deletes exactly the planned items that still qualify, and skips each change with its reason', async () => {
    const target = await simulator({ uploads: seeds });
    const { path, sha } = await makePlan(target, { ...CRITERIA, 'upload-tracks': `${VID}/*` });
    // The library changes between the review and the apply.
    target.addUpload({ id: A0, tags: ['obsolete'], createdAt: OLD, size: 2000, inUse: true }); // now in use
    target.addUpload({ id: A1, tags: ['obsolete'], createdAt: OLD, size: 2001 }); // file replaced
    target.removeUpload(A2); // deleted by someone else
    target.addUpload({ id: A3, tags: ['keep'], createdAt: OLD, size: 2000 }); // tags changed
    target.addUpload({ id: NEW, tags: ['obsolete'], createdAt: OLD }); // a new match, not in the plan
    target.removeTrack(VID, 'fr');
    const before = target.requests.length;

    const run = await act(target, { 'plan-file': path, 'plan-sha256': sha });

    expect(run.code, run.stdout).toBe(0);
    expect(deletedUploads(target).sort()).toEqual([A4, A5]);
    expect(target.deletions.filter((d) => d.kind === 'track').map((d) => `${d.uploadId}/${d.trackId}`)).toEqual([
      `${VID}/en`,
    ]);
    expect(target.uploadExists(NEW)).toBe(true);
    expect(run.outputs).toMatchObject({ selected: '8', successful: '3', failed: '0', skipped: '5' });
    const report = reportOf(run);
    expect(Object.fromEntries(report.items.map((item) => [item.id, [item.fate, item.reason]]))).toEqual({
      [A4]: ['deleted', null],
      [A5]: ['deleted', null],
      [A0]: ['skipped', 'in use by records'],
      [A1]: ['skipped', 'file changed since the plan'],
      [A2]: ['skipped', 'gone since the plan'],
      [A3]: ['skipped', "no longer matches the plan's criteria"],
      [`${VID}/en`]: ['deleted', null],
      [`${VID}/fr`]: ['skipped', 'track gone since the plan'],
    });
    expect(report.settings).toMatchObject({ plan: { file: path, sha256: sha, uploads: 6, tracks: 2 } });
    expect(report.counts).toMatchObject({ skipped: 5, fates: { skipped: 5, deleted: 3 } });
    expect(run.outputs['report-sha256']).toBe(
      createHash('sha256')
        .update(run.reportText ?? '')
        .digest('hex'),
    );
    // The re-check: one listing with the plan's criteria, then one to tell the missing apart, and the in-use check.
    const listings = target.requests.slice(before).filter((r) => r.method === 'GET' && r.path === '/uploads');
    expect(listings[0]?.query).toMatchObject({
      'filter[ids]': OBSOLETE.join(','),
      'filter[fields][tags][contains]': 'obsolete',
      'filter[fields][in_use][eq]': 'false',
    });
    expect(run.stdout).toContain(`Skipped, file changed since the plan (1): ${A1}`);
    expect(run.stdout).toContain(`Skipped, in use by records (1): ${A0}`);
    expect(run.summary).toContain('### Skipped: changed since the plan, not deleted');
    expect(run.summary).toContain(`- no longer matches the plan's criteria (1): \`${A3}\``);
    expect(run.summary).toMatch(/\| Uploads \| 6 \| 2 \| 0 \| 4 \|/);
  });

  it('with dry-run, re-checks and reports what applying would delete, and deletes nothing', async () => {
    const target = await simulator({ uploads: seeds });
    const { path, sha } = await makePlan(target);
    target.removeUpload(A0);
    const run = await act(target, { 'plan-file': path, 'plan-sha256': sha, 'dry-run': 'true' });
    expect(run.code).toBe(0);
    expect(nonGets(target)).toEqual([]);
    expect(run.outputs).toMatchObject({ selected: '6', skipped: '1' });
    const report = reportOf(run);
    expect(report.items.filter((item) => item.fate === 'selected')).toHaveLength(5);
  });

  it('is a no-op for a plan of zero items: nothing is sent', async () => {
    const target = await simulator({ uploads: seeds });
    const { path, sha } = await makePlan(target, { ...CRITERIA, filter: '{"tags":{"contains":"nothing-has-this"}}' });
    const before = target.requests.length;
    const run = await act(target, { 'plan-file': path, 'plan-sha256': sha });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ selected: '0', successful: '0', skipped: '0' });
    expect(target.requests.length).toBe(before);
    expect(run.stdout).toContain('holds no upload or track');
  });

  it('backs up and verifies as any run does, and only what is left to delete', async () => {
    const target = await simulator({ uploads: seeds });
    const { path, sha } = await makePlan(target);
    target.removeUpload(A0);
    target.addUpload({ id: A1, tags: ['obsolete'], createdAt: OLD, size: 2000, inUse: true });
    const backup = join(folder(), 'backup');
    const run = await act(target, { 'plan-file': path, 'plan-sha256': sha, 'backup-dir': backup, verify: 'true' });
    expect(run.code, run.stdout).toBe(0);
    expect(deletedUploads(target).sort()).toEqual([A2, A3, A4, A5]);
    expect(
      validManifest(backup)
        .uploads.map((upload) => upload.id)
        .sort(),
    ).toEqual([A2, A3, A4, A5]);
    const report = reportOf(run);
    expect(report.items.filter((item) => item.fate === 'deleted').every((item) => item.verified === true)).toBe(true);
    expect(run.outputs).toMatchObject({ successful: '4', skipped: '2' });
  });

  it('deletes the tracks of a planned upload before the upload, so that none fails', async () => {
    const target = await simulator({ uploads: seeds });
    const { path, sha } = await makePlan(target, { 'upload-ids': `${VID},${A0}`, 'upload-tracks': `${VID}/*` });
    const run = await act(target, { 'plan-file': path, 'plan-sha256': sha, 'fail-on-failed': 'true' });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ selected: '4', successful: '4', failed: '0' });
    const order = target.deletions.map((d) => (d.kind === 'track' ? `${d.uploadId}/${d.trackId}` : d.uploadId));
    expect(order.indexOf(VID)).toBeGreaterThan(Math.max(order.indexOf(`${VID}/en`), order.indexOf(`${VID}/fr`)));
  });

  it('skips a planned upload that the re-check lists twice with different md5s, whichever comes first', async () => {
    const target = await simulator({ uploads: seeds });
    const { path, sha } = await makePlan(target, { 'upload-ids': `${A0},${A1}` });
    const listed = (id: string, md5: string) => ({
      id,
      type: 'upload',
      attributes: { filename: `${id}.jpg`, size: 2000, md5, created_at: OLD },
    });
    const good = target.uploadResource(A0)?.attributes.md5 as string;
    const body = JSON.stringify({
      data: [
        listed(A0, good),
        listed(A0, 'f'.repeat(32)),
        listed(A1, target.uploadResource(A1)?.attributes.md5 as string),
      ],
      meta: { total_count: 3 },
    });
    target.inject({ match: { method: 'GET', path: '/uploads' }, status: 200, contentType: 'application/json', body });
    const run = await act(target, { 'plan-file': path, 'plan-sha256': sha });
    expect(run.code, run.stdout).toBe(0);
    expect(deletedUploads(target)).toEqual([A1]);
    expect(run.outputs).toMatchObject({ successful: '1', skipped: '1' });
    expect(run.stdout).toContain(
      'the listing gave 1 upload(s) twice with different created_at, md5, size or other attributes the criteria are proven on: left out',
    );
  });

  it('says so when the plan holds no md5 to check files by (the API listed none)', async () => {
    const target = await simulator({ uploads: seeds, md5: 'none' });
    const { path, sha } = await makePlan(target, { 'upload-ids': A0 });
    const run = await act(target, { 'plan-file': path, 'plan-sha256': sha });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/::warning::1 planned upload\(s\) have no md5 in the plan .* checked by size only/);
    expect(deletedUploads(target)).toEqual([A0]);
  });

  it('deletes in the plan by ID: what was given, re-checked by ID alone', async () => {
    const target = await simulator({ uploads: seeds });
    const { path, sha } = await makePlan(target, { 'upload-ids': `${A0},${A1},${GHOST}` });
    target.removeUpload(A1);
    const run = await act(target, { 'plan-file': path, 'plan-sha256': sha });
    expect(run.code).toBe(0);
    expect(deletedUploads(target)).toEqual([A0]);
    const fates = Object.fromEntries(reportOf(run).items.map((item) => [item.id, item.reason ?? item.fate]));
    expect(fates).toEqual({ [A0]: 'deleted', [A1]: 'gone since the plan', [GHOST]: 'gone since the plan' });
  });
});

describe('a plan that must not be applied is refused before any deletion request', () => {
  /** Applies `plan` as given; checks that nothing but GET requests went out and the step failed with `message`. */
  async function refused(target: Simulator, inputs: Record<string, string>, message: RegExp) {
    const run = await act(target, inputs);
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(message);
    expect(nonGets(target)).toEqual([]);
    expect(target.deletions).toEqual([]);
    return run;
  }

  it('another file than plan-sha256 names', async () => {
    const target = await simulator({ uploads: seeds });
    const { path } = await makePlan(target);
    const requests = target.requests.length;
    await refused(
      target,
      { 'plan-file': path, 'plan-sha256': 'ab'.repeat(32) },
      /has SHA-256 [0-9a-f]{64}, not the plan-sha256 given/,
    );
    expect(target.requests.length).toBe(requests);
  });

  it('an edited plan: an upload added to its items, with the SHA-256 of the reviewed file', async () => {
    const target = await simulator({ uploads: seeds });
    const { path, sha } = await makePlan(target);
    const plan = JSON.parse(readFileSync(path, 'utf8')) as { items: Record<string, unknown>[] };
    plan.items.push({ ...plan.items[0], id: KEEP });
    writeFileSync(path, JSON.stringify(plan));
    await refused(target, { 'plan-file': path, 'plan-sha256': sha }, /not the plan-sha256 given/);
  });

  it("a real run's report, a file that is not JSON, and one that fails the schema", async () => {
    const target = await simulator({ uploads: seeds });
    const dir = folder();
    const real = await act(target, { 'upload-ids': A5, 'report-file': join(dir, 'real.json') });
    expect(real.code).toBe(0);
    const plan = await makePlan(target);
    const broken = JSON.parse(readFileSync(plan.path, 'utf8')) as { items: { listed: { size: unknown } }[] };
    const first = broken.items[0];
    if (first !== undefined) first.listed.size = 'large';
    writeFileSync(join(dir, 'broken.json'), JSON.stringify(broken));
    writeFileSync(join(dir, 'notes.txt'), `${A0}\n${A1}\n`);
    const deletions = target.deletions.length;
    for (const [file, message] of [
      ['real.json', /is the report of a run that deleted \(dry-run was false\), not a plan/],
      ['notes.txt', /is not JSON/],
      ['broken.json', /does not follow report.schema.json \(\/items\/0/],
      ['missing.json', /does not exist/],
    ] as const) {
      const run = await act(target, { 'plan-file': join(dir, file) });
      expect(run.code).toBe(1);
      expect(errorLine(run)).toMatch(message);
    }
    expect(target.deletions.length).toBe(deletions);
  });

  it('a plan older than plan-max-age', async () => {
    // A sealed plan's startedAt cannot be moved (the seal covers it): an unsealed one, pinned, can.
    const target = await simulator({ uploads: seeds });
    const { path } = await makePlan(target);
    const plan = JSON.parse(readFileSync(path, 'utf8')) as {
      startedAt: string;
      seal?: unknown;
      items: { seal?: unknown }[];
    };
    plan.startedAt = new Date(Date.now() - 8 * 24 * 3600 * 1000).toISOString();
    delete plan.seal;
    for (const item of plan.items) delete item.seal;
    writeFileSync(path, JSON.stringify(plan));
    const pinned = { 'plan-file': path, 'plan-sha256': sha256(path) };
    await refused(target, pinned, /was made at .*, 8\.0 days ago, more than plan-max-age \(7d\)/);
    const run = await act(target, { ...pinned, 'plan-max-age': '2w' });
    expect(run.code).toBe(0);
    expect(deletedUploads(target).sort()).toEqual(OBSOLETE);
  });

  it('a plan made for another environment, compared by real ID', async () => {
    const target = await simulator({ uploads: seeds, environments: ['staging'] });
    const { path, sha } = await makePlan(target, { ...CRITERIA, environment: 'staging' });
    const requests = target.requests.length;
    await refused(
      target,
      { 'plan-file': path, 'plan-sha256': sha },
      /the plan was made for environment staging, but this run names the primary environment \(environment is empty\): nothing was sent; set environment: 'staging'/,
    );
    await refused(
      target,
      { 'plan-file': path, 'plan-sha256': sha, environment: 'main' },
      /but this run names environment main/,
    );
    expect(target.requests.length).toBe(requests);
    const run = await act(target, { 'plan-file': path, 'plan-sha256': sha, environment: 'staging' });
    expect(run.code).toBe(0);
    expect(target.deletions.map((d) => d.environment)).toEqual(Array(6).fill('staging'));
  });

  it('applies a plan of the primary in that environment by its real ID, even once another is promoted', async () => {
    const before = await simulator({ uploads: seeds });
    const { path, sha } = await makePlan(before);
    await closeSimulator();
    // The same project later: `staging` was promoted to primary, `main` is now a sandbox.
    const after = await simulator({ uploads: seeds, primaryEnvironment: 'staging', environments: ['main'] });
    const run = await act(after, { 'plan-file': path, 'plan-sha256': sha });
    expect(run.code, run.stdout).toBe(0);
    expect(after.requests.filter((r) => r.path !== '/environments/main').every((r) => r.environment === 'main')).toBe(
      true,
    );
    expect(after.deletions.map((d) => d.environment)).toEqual(Array(6).fill('main'));
    expect(run.stdout).toMatch(
      /::warning::environment main was the primary when the plan was made and is a sandbox now/,
    );
  });

  it('a plan of more items than max-deletions', async () => {
    const target = await simulator({ uploads: seeds });
    const { path, sha } = await makePlan(target);
    const requests = target.requests.length;
    await refused(
      target,
      { 'plan-file': path, 'plan-sha256': sha, 'max-deletions': '5' },
      /holds 6 item\(s\), more than max-deletions \(5\): nothing was deleted; set max-deletions: '6'/,
    );
    expect(target.requests.length).toBe(requests);
  });

  it('a selection input beside plan-file: the plan is the selection', async () => {
    const target = await simulator({ uploads: seeds });
    const { path, sha } = await makePlan(target);
    const requests = target.requests.length;
    for (const [name, value] of Object.entries({
      'upload-ids': KEEP,
      filter: '{"tags":{"contains":"keep"}}',
      scope: 'library',
      'only-unused': 'true',
    })) {
      await refused(
        target,
        { 'plan-file': path, 'plan-sha256': sha, [name]: value },
        new RegExp(`^::error::${name} is set beside plan-file: the plan is the selection`),
      );
    }
    expect(target.requests.length).toBe(requests);
  });

  it('a report-file that is the plan itself', async () => {
    const target = await simulator({ uploads: seeds });
    const { path, sha } = await makePlan(target);
    await refused(
      target,
      { 'plan-file': path, 'plan-sha256': sha, 'report-file': path },
      /is the plan the run applies: choose another path/,
    );
    expect(sha256(path)).toBe(sha);
  });
});
