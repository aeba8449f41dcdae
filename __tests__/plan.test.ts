/**
 * Reading a plan: a real dry run's report (made in this process against the simulator) is read
 * back whole, and every way a file can fail to be a plan this version applies is refused with
 * one line that says what to do, before any request.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { uid } from '../__fixtures__/ids.ts';
import { runInProcess } from '../__fixtures__/in-process.ts';
import { startSimulator } from '../simulator/index.ts';
import { InputError } from '../src/core/common/errors.ts';
import { nodeFiles } from '../src/core/settings/node-files.ts';
import type { TargetEnvironment } from '../src/core/cma/environment.ts';
import { checkPlanEnvironment } from '../src/core/plan/plan-recheck.ts';
import { readPlan } from '../src/core/plan/plan.ts';
import type { PlanChecks, PlannedEnvironment } from '../src/core/plan/plan-types.ts';
import { ACTION_WORDING } from '../src/core/settings/wording.ts';

const TOKEN = 'plan-test-token-5678';
const A1 = uid('a1');
const A2 = uid('a2');
const B1 = uid('b1');
const dir = mkdtempSync(join(tmpdir(), 'plan-test-'));
const places = { workspace: dir, reportDir: dir };
let planText = '';

beforeAll(async () => {
  const target = await startSimulator({
    token: TOKEN,
    uploads: [
      { id: A1, tags: ['old'], createdAt: '2025-01-01T00:00:00Z' },
      { id: A2, tags: ['old'], createdAt: '2025-01-01T00:00:00Z', tracks: [{ id: 'en' }] },
      { id: B1, tags: ['new'] },
    ],
  });
  try {
    await runInProcess(
      target.url,
      TOKEN,
      {
        scope: 'library',
        filter: '{"tags":{"contains":"old"},"type":{"not_in":["video","audio"]}}',
        'only-unused': 'true',
        'older-than': '30d',
        'upload-tracks': `${A2}/en`,
        'dry-run': 'true',
        'report-file': 'plan.json',
      },
      dir,
    );
    planText = readFileSync(join(dir, 'plan.json'), 'utf8');
  } finally {
    await target.close();
  }
});

const checks = (over: Partial<PlanChecks> = {}): PlanChecks => ({
  sha256: undefined,
  maxAge: '7d',
  maxAgeMs: 7 * 24 * 3600 * 1000,
  maxDeletions: 1000,
  now: new Date(),
  wording: ACTION_WORDING,
  token: TOKEN,
  ...over,
});

/** Writes `text` as a plan file and reads it back. */
function read(text: string, over: Partial<PlanChecks> = {}) {
  const name = `plan-${Math.random().toString(36).slice(2)}.json`;
  writeFileSync(join(dir, name), text);
  return readPlan(name, places, nodeFiles, checks(over));
}

/** What the tests edit of a plan. */
interface PlanDocument {
  schemaVersion: number;
  dryRun: boolean;
  outcome: string;
  error: string | null;
  startedAt: string;
  endedAt: string;
  counts: { unlisted: number; selected: number; skipped: number; successful: number; fates: Record<string, number> };
  settings: {
    criteria: { conditions: unknown[]; filter: Record<string, unknown> | null; olderThan: { before: string } };
  };
  items: [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
  seal?: { uploads: number; tracks: number; keyId: string };
}

/** The plan, edited. */
function edited(edit: (plan: PlanDocument) => void): string {
  const plan = JSON.parse(planText) as PlanDocument;
  edit(plan);
  return JSON.stringify(plan);
}

/** The plan as an earlier version wrote it (no seal), edited: it applies only pinned by plan-sha256. */
function unsealed(edit: (plan: PlanDocument) => void = () => {}): string {
  return edited((plan) => {
    delete plan.seal;
    for (const item of plan.items) delete item.seal;
    edit(plan);
  });
}

const sha256Of = (text: string) => createHash('sha256').update(text).digest('hex');

function refusal(text: string, over: Partial<PlanChecks> = {}): string {
  try {
    read(text, over);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('the plan was not refused');
}

describe('a plan', () => {
  it('is read back whole: items with md5 and size, the environment, and the criteria as the listing sent them', () => {
    const plan = read(planText);
    expect(plan.uploads.map((u) => u.id)).toEqual([A1, A2]);
    expect(plan.uploads[0]).toMatchObject({ size: 1024, md5: expect.stringMatching(/^[0-9a-f]{32}$/) as string });
    expect(plan.tracks).toEqual([{ uploadId: A2, trackId: 'en' }]);
    expect(plan.environment).toMatchObject({ id: 'main', primary: true, confirmed: true });
    expect(plan.scope).toBe('library');
    const report = JSON.parse(planText) as { settings: { criteria: { conditions: unknown[] } } };
    expect(plan.criteria.conditions).toEqual(report.settings.criteria.conditions);
    expect(plan.criteria.conditions.map((c) => `${c.field} ${c.op}`)).toEqual([
      'tags contains',
      'type not_in',
      'in_use eq',
      '_created_at lt',
    ]);
  });

  it('keeps the SHA-256 of the bytes read, and holds them to plan-sha256 (either case)', () => {
    const plan = read(planText);
    expect(read(planText, { sha256: plan.sha256 }).sha256).toBe(plan.sha256);
    expect(refusal(planText, { sha256: 'f'.repeat(64) })).toMatch(
      /has SHA-256 [0-9a-f]{64}, not the plan-sha256 given/,
    );
  });
});

describe('a plan can only shrink: its seal', () => {
  const upload = (p: PlanDocument, id: string) => p.items.find((item) => item.id === id) ?? {};

  it('binds a plan as written, with plan-sha256 or without', () => {
    expect(read(planText)).toMatchObject({ binding: 'seal', removed: 0, warnings: [] });
    expect(read(planText, { sha256: sha256Of(planText) })).toMatchObject({ binding: 'seal+sha256', removed: 0 });
  });

  it('lets an item be taken out, counts left as they were: it is not applied, and counted removed', () => {
    const plan = read(edited((p) => p.items.splice(0, 1)));
    expect(plan.uploads.map((u) => u.id)).toEqual([A2]);
    expect(plan).toMatchObject({ binding: 'seal', removed: 1 });
    // With the counts tidied too, the same.
    const tidied = read(
      edited((p) => {
        p.items.splice(2, 1);
        p.counts.selected -= 1;
      }),
    );
    expect(tidied).toMatchObject({ tracks: [], removed: 1 });
  });

  it.each([
    [
      'an added item',
      (p: PlanDocument) => p.items.push({ ...p.items[0], id: B1 }),
      new RegExp(`holds the upload "${B1}", which its dry run did not seal as it is: an item was added or changed`),
    ],
    [
      'an added item with a copied seal',
      (p: PlanDocument) => p.items.push({ ...p.items[1], id: B1 }),
      new RegExp(`holds the upload "${B1}", which its dry run did not seal`),
    ],
    [
      'a changed size',
      (p: PlanDocument) => ((upload(p, A1).listed as { size: number }).size = 1),
      new RegExp(`holds the upload "${A1}", which its dry run did not seal as it is`),
    ],
    [
      'an item without its seal',
      (p: PlanDocument) => delete p.items[2].seal,
      new RegExp(`holds the track "${A2}/en", which its dry run did not seal`),
    ],
    [
      'two items swapping seals',
      (p: PlanDocument) => ([p.items[0].seal, p.items[1].seal] = [p.items[1].seal, p.items[0].seal]),
      new RegExp(`holds the upload "${A1}", which its dry run did not seal`),
    ],
    [
      'a skipped item made selected',
      (p: PlanDocument) => (
        (p.items[0].fate = 'selected'),
        (p.items[1].fate = 'skipped'),
        (p.items[1].reason = 'gone since the plan')
      ),
      new RegExp(`holds the upload "${A2}", which its dry run did not seal`),
    ],
    [
      'a criterion removed',
      (p: PlanDocument) => {
        p.settings.criteria.conditions.shift();
        delete (p.settings.criteria.filter as Record<string, unknown>).tags;
      },
      /has a seal that does not hold for its environment, scope, criteria or dates: they were edited after its dry run/,
    ],
    [
      'the cut-off moved to 2030',
      (p: PlanDocument) => {
        p.settings.criteria.olderThan.before = '2030-01-01T00:00:00.000Z';
        (p.settings.criteria.conditions[3] as { value: string }).value = '2030-01-01T00:00:00.000Z';
      },
      /has a seal that does not hold/,
    ],
    [
      'the start moved to renew it',
      (p: PlanDocument) => (p.startedAt = new Date().toISOString()),
      /has a seal that does not hold/,
    ],
    [
      'another environment',
      (p: PlanDocument) => ((p as unknown as { environment: { id: string } }).environment.id = 'staging'),
      /has a seal that does not hold/,
    ],
    [
      'a file renamed for the reviewer',
      (p: PlanDocument) => ((upload(p, A1).listed as { filename: string }).filename = 'harmless.jpg'),
      new RegExp(`holds the upload "${A1}", which its dry run did not seal as it is`),
    ],
    [
      'another picture for the reviewer',
      (p: PlanDocument) => ((upload(p, A2).listed as { url: string }).url = 'https://example.com/cat.jpg'),
      new RegExp(`holds the upload "${A2}", which its dry run did not seal as it is`),
    ],
    [
      'a track renamed',
      (p: PlanDocument) => (p.items[2].name = 'Director commentary'),
      new RegExp(`holds the track "${A2}/en", which its dry run did not seal`),
    ],
    [
      'the criteria in words',
      (p: PlanDocument) =>
        ((p.settings.criteria as unknown as { described: string[] }).described = ['tags contains "tmp"']),
      /has a seal that does not hold/,
    ],
    ['more sealed items claimed', (p: PlanDocument) => p.seal && (p.seal.uploads = 5), /has a seal that does not hold/],
  ] as [string, (p: PlanDocument) => void, RegExp][])('refuses %s, with plan-sha256 or without', (_, edit, message) => {
    const text = edited(edit);
    expect(refusal(text)).toMatch(message);
    expect(refusal(text, { sha256: sha256Of(text) })).toMatch(message);
  });

  it('refuses a plan without a seal unless plan-sha256 pins it', () => {
    const text = unsealed();
    expect(refusal(text)).toMatch(
      /has no seal, so nothing shows it is the plan its dry run wrote .*: pin it with plan-sha256 \(the report-sha256 of the dry run that wrote it\), or make a new plan/,
    );
    expect(read(text, { sha256: sha256Of(text) })).toMatchObject({ binding: 'sha256', removed: 0 });
  });

  it('refuses a plan sealed with another token unless plan-sha256 pins it, and never quotes either token', () => {
    const message = refusal(planText, { token: 'another-token-9999' });
    expect(message).toMatch(
      /was sealed with another API token than this run's: apply it with the token of the dry run that made it, or pin it with plan-sha256/,
    );
    expect(message).not.toContain(TOKEN);
    expect(message).not.toContain('another-token-9999');
    expect(read(planText, { token: 'another-token-9999', sha256: sha256Of(planText) })).toMatchObject({
      binding: 'sha256',
      warnings: ["the plan was sealed with another API token than this run's: it is bound by plan-sha256 alone"],
    });
  });

  it('never writes the token, and writes one item a line', () => {
    expect(planText).not.toContain(TOKEN);
    const lines = planText.trimEnd().split('\n');
    expect(lines.slice(1, -1).map((line) => (JSON.parse(line.replace(/,$/, '')) as { id: string }).id)).toEqual([
      A1,
      A2,
      `${A2}/en`,
    ]);
  });
});

describe("the run's environment must be the plan's", () => {
  const confirmed = (id: string, primary: boolean, requested: string | null = null) => ({
    id,
    primary,
    confirmed: true,
    requested,
  });
  const unconfirmed = (requested: string | null) => ({ id: requested, primary: null, confirmed: false, requested });
  const check = (planned: PlannedEnvironment, target: TargetEnvironment, requested?: string) =>
    checkPlanEnvironment({ file: 'plan.json', environment: planned }, target, requested, ACTION_WORDING);

  it('by real ID when both lookups confirmed theirs', () => {
    expect(check(confirmed('main', true), { id: 'main', primary: true })).toBeUndefined();
    expect(check(confirmed('main', true, 'main'), { id: 'main', primary: true })).toBeUndefined();
    expect(() => check(confirmed('main', true), { id: 'staging', primary: false }, 'staging')).toThrow(
      "the plan was made for environment main (primary), but this run targets environment staging: nothing was deleted; leave environment empty (the plan's is the primary environment), or make a new plan for this environment",
    );
    expect(() => check(confirmed('staging', false, 'staging'), { id: 'main', primary: true })).toThrow(
      "set environment: 'staging'",
    );
  });

  it('by what each named or was confirmed as when one could not be looked up, with a warning', () => {
    const primary = { id: undefined, primary: undefined, unconfirmed: 'refused' };
    expect(check(unconfirmed('main'), { id: 'main', primary: true })).toMatch(/could not be compared by real ID/);
    expect(check(unconfirmed(null), { id: 'main', primary: true })).toMatch(/could not be compared by real ID/);
    expect(check(confirmed('main', true), primary)).toMatch(/both name the primary environment/);
    expect(() => check(unconfirmed('staging'), { id: 'main', primary: true })).toThrow(
      /made for environment staging, but this run targets environment main \(primary\) \(environments could not be compared by real ID\)/,
    );
    expect(() =>
      check(unconfirmed(null), { id: 'staging', primary: undefined, unconfirmed: 'refused' }, 'staging'),
    ).toThrow(/made for the primary environment, but this run targets environment staging/);
  });
});

describe('a file that is not a plan this version applies is refused', () => {
  it.each([
    ['not JSON', () => 'not json', /is not JSON/],
    ['JSON but not a report', () => '{"a":1}', /is not a report of datocms-media-cleanup/],
    [
      'another schemaVersion',
      () => edited((p) => (p.schemaVersion = 1)),
      /schemaVersion "1", and this version applies plans of schemaVersion 2/,
    ],
    [
      'against the schema',
      () => edited((p) => (p.items[0].id = '../x')),
      /does not follow report.schema.json \(\/items\/0/,
    ],
    ['a real run', () => edited((p) => (p.dryRun = false)), /dry-run was false/],
    [
      'an unfinished dry run',
      () =>
        edited((p) => {
          p.outcome = 'failed';
          p.error = 'boom';
        }),
      /did not finish \(outcome failed: "boom"\)/,
    ],
    [
      'a partial dry run',
      () => edited((p) => (p.counts.unlisted = 3)),
      /is a partial plan: 3 more upload\(s\) matched/,
    ],
    [
      'an item twice',
      () => edited((p) => p.items.push({ ...p.items[0] })),
      new RegExp(`names the upload "${A1}" twice`),
    ],
    [
      'an item of a fate no dry run writes',
      () => edited((p) => (p.items[0].fate = 'deleted')),
      /with fate deleted, which no dry run writes/,
    ],
    [
      'a track whose ID is not its parts',
      () => edited((p) => (p.items[2].trackId = 'fr')),
      new RegExp(`holds a track "${A2}/en" whose uploadId and trackId \\("${A2}/fr"\\) are not its ID: it was edited`),
    ],
    [
      'conditions that disagree with the filter (a plan without a seal, pinned)',
      () => unsealed((p) => p.settings.criteria.conditions.shift()),
      /criteria whose parts disagree/,
    ],
    [
      'an older-than cut-off that is not the one sent (a plan without a seal, pinned)',
      () => unsealed((p) => (p.settings.criteria.olderThan.before = '2020-01-01T00:00:00.000Z')),
      /criteria whose parts disagree/,
    ],
    [
      'a filter this version refuses (a plan without a seal, pinned)',
      () => unsealed((p) => (p.settings.criteria.filter = { __proto__x: { eq: 1 } })),
      /has criteria this version refuses \(filter field "__proto__x" is not a snake_case name/,
    ],
    [
      'a key twice in one object',
      () => planText.replace('"dryRun":true', '"dryRun":false,"dryRun":true'),
      /names the key "dryRun" twice in one object, which no report does/,
    ],
    [
      'counts that disagree with the items (a plan without a seal, pinned)',
      () => unsealed((p) => (p.counts.selected = 0)),
      /has counts that disagree with its items: it was edited/,
    ],
    [
      'deletions counted in a dry run (a plan without a seal, pinned)',
      () => unsealed((p) => (p.counts.successful = 1)),
      /has counts that disagree with its items/,
    ],
    [
      'an end before its start',
      () => edited((p) => (p.endedAt = '2020-01-01T00:00:00.000Z')),
      /has an endedAt that is not a date after its startedAt/,
    ],
    [
      'a start written otherwise than a report writes it (a plan without a seal, pinned)',
      () => unsealed((p) => (p.startedAt = p.startedAt.slice(0, 10))),
      /has a startedAt that is not a date/,
    ],
    [
      'a start on a day that does not exist (a plan without a seal, pinned)',
      () => unsealed((p) => (p.startedAt = '2026-02-30T00:00:00.000Z')),
      /has a startedAt that is not a date/,
    ],
    [
      'a start that is in the future (a plan without a seal, pinned)',
      () => unsealed((p) => (p.startedAt = new Date(Date.now() + 3600_000).toISOString())),
      /later than now .* a clock is wrong or the file was edited/,
    ],
  ] as [string, () => string, RegExp][])('%s', (name, text, message) => {
    // Made once: a text made of the clock (a start in the future) differs from one call to the next.
    const written = text();
    const pinned = name.endsWith('pinned)') ? { sha256: sha256Of(written) } : {};
    expect(refusal(written, pinned)).toMatch(message);
  });

  it('holding the API token, which no report does, as written or escaped, without quoting it', () => {
    const escaped = [...TOKEN].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    for (const text of [
      planText.replace('"query":null', `"query":"${TOKEN}"`),
      planText.replace('"query":null', `"query":"${escaped}"`),
    ]) {
      const message = refusal(text, { secret: TOKEN });
      expect(message).toMatch(/holds the API token \(not shown\)/);
      expect(message).not.toContain(TOKEN);
    }
  });

  it('older than plan-max-age, and more items than max-deletions', () => {
    const old = unsealed((p) => (p.startedAt = new Date(Date.now() - 3 * 3600_000).toISOString()));
    expect(refusal(old, { maxAge: '2h', maxAgeMs: 2 * 3600_000, sha256: sha256Of(old) })).toMatch(
      /3\.0 hours ago, more than plan-max-age \(2h\)/,
    );
    expect(refusal(planText, { maxDeletions: 2 })).toMatch(
      /holds 3 item\(s\), more than max-deletions \(2\): nothing was deleted; set max-deletions: '3'/,
    );
  });

  it('a directory, a missing file, and one larger than any plan', () => {
    expect(() => readPlan('.', places, nodeFiles, checks())).toThrow(/is a directory/);
    expect(() => readPlan('nope.json', places, nodeFiles, checks())).toThrow(/does not exist/);
    const huge = { ...nodeFiles, stat: () => ({ kind: 'file' as const, size: 300 * 1024 * 1024 }) };
    expect(() => readPlan('plan.json', places, huge, checks())).toThrow(/more than 256 MiB/);
  });

  it('skips the items an earlier apply skipped: a dry run of an apply is a plan of what still qualifies', () => {
    const text = unsealed((p) => {
      p.items[0].fate = 'skipped';
      p.items[0].reason = 'gone since the plan';
      p.counts.skipped = 1;
      p.counts.fates.skipped = 1;
      p.counts.fates.selected = 2;
    });
    const plan = read(text, { sha256: sha256Of(text) });
    expect(plan.uploads.map((u) => u.id)).toEqual([A2]);
  });
});
