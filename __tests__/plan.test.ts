/**
 * Reading a plan: a real dry run's report (made in this process against the simulator) is read
 * back whole, and every way a file can fail to be a plan this version applies is refused with
 * one line that says what to do, before any request.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../__fixtures__/in-process.ts';
import { startSimulator } from '../simulator/index.ts';
import { InputError } from '../src/core/errors.ts';
import { nodeFiles } from '../src/core/node-files.ts';
import type { TargetEnvironment } from '../src/core/environment.ts';
import { checkPlanEnvironment } from '../src/core/plan-recheck.ts';
import { readPlan, type PlanChecks, type PlannedEnvironment } from '../src/core/plan.ts';
import { ACTION_WORDING } from '../src/core/wording.ts';

const TOKEN = 'plan-test-token-5678';
const dir = mkdtempSync(join(tmpdir(), 'plan-test-'));
const places = { workspace: dir, reportDir: dir };
let planText = '';

beforeAll(async () => {
  const target = await startSimulator({
    token: TOKEN,
    uploads: [
      { id: 'a1', tags: ['old'], createdAt: '2025-01-01T00:00:00Z' },
      { id: 'a2', tags: ['old'], createdAt: '2025-01-01T00:00:00Z', tracks: [{ id: 'en' }] },
      { id: 'b1', tags: ['new'] },
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
        'upload-tracks': 'a2/en',
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
}

/** The plan, edited. */
function edited(edit: (plan: PlanDocument) => void): string {
  const plan = JSON.parse(planText) as PlanDocument;
  edit(plan);
  return JSON.stringify(plan);
}

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
    expect(plan.uploads.map((u) => u.id)).toEqual(['a1', 'a2']);
    expect(plan.uploads[0]).toMatchObject({ size: 1024, md5: expect.stringMatching(/^[0-9a-f]{32}$/) as string });
    expect(plan.tracks).toEqual([{ uploadId: 'a2', trackId: 'en' }]);
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
    ['an item twice', () => edited((p) => p.items.push({ ...p.items[0] })), /names the upload "a1" twice/],
    [
      'an item of a fate no dry run writes',
      () => edited((p) => (p.items[0].fate = 'deleted')),
      /with fate deleted, which no dry run writes/,
    ],
    [
      'a track whose ID is not its parts',
      () => edited((p) => (p.items[2].trackId = 'fr')),
      /holds a track "a2\/en" that is not UPLOAD_ID\/TRACK_ID/,
    ],
    [
      'conditions that disagree with the filter',
      () => edited((p) => p.settings.criteria.conditions.shift()),
      /criteria whose parts disagree/,
    ],
    [
      'an older-than cut-off that is not the one sent',
      () => edited((p) => (p.settings.criteria.olderThan.before = '2020-01-01T00:00:00.000Z')),
      /criteria whose parts disagree/,
    ],
    [
      'a filter this version refuses',
      () => edited((p) => (p.settings.criteria.filter = { __proto__x: { eq: 1 } })),
      /has criteria this version refuses \(filter field "__proto__x" is not a snake_case name/,
    ],
    [
      'a key twice in one object',
      () => planText.replace('"dryRun":true', '"dryRun":false,"dryRun":true'),
      /names the key "dryRun" twice in one object, which no report does/,
    ],
    [
      'counts that disagree with the items',
      () => edited((p) => (p.counts.selected = 0)),
      /has counts that disagree with its items: it was edited/,
    ],
    [
      'deletions counted in a dry run',
      () => edited((p) => (p.counts.successful = 1)),
      /has counts that disagree with its items/,
    ],
    [
      'an end before its start',
      () => edited((p) => (p.endedAt = '2020-01-01T00:00:00.000Z')),
      /has an endedAt that is not a date after its startedAt/,
    ],
    [
      'a start written otherwise than a report writes it',
      () => edited((p) => (p.startedAt = p.startedAt.slice(0, 10))),
      /has a startedAt that is not a date/,
    ],
    [
      'a start on a day that does not exist',
      () => edited((p) => (p.startedAt = '2026-02-30T00:00:00.000Z')),
      /has a startedAt that is not a date/,
    ],
    [
      'a start that is in the future',
      () => edited((p) => (p.startedAt = new Date(Date.now() + 3600_000).toISOString())),
      /later than now .* a clock is wrong or the file was edited/,
    ],
  ] as [string, () => string, RegExp][])('%s', (_, text, message) => {
    expect(refusal(text())).toMatch(message);
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
    const old = edited((p) => (p.startedAt = new Date(Date.now() - 3 * 3600_000).toISOString()));
    expect(refusal(old, { maxAge: '2h', maxAgeMs: 2 * 3600_000 })).toMatch(
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
    const plan = read(
      edited((p) => {
        p.items[0].fate = 'skipped';
        p.items[0].reason = 'gone since the plan';
        p.counts.skipped = 1;
        p.counts.fates.skipped = 1;
        p.counts.fates.selected = 2;
      }),
    );
    expect(plan.uploads.map((u) => u.id)).toEqual(['a2']);
  });
});
