/**
 * Property: for any library, any plan made of it, any edit of the plan file without the token
 * (items taken out, an item added, a criterion widened, the seal taken away), any changes between
 * the plan and its apply (uploads put in use, retagged, replaced, removed, added), and an API that
 * may ignore the `tags` filter, applying deletes exactly the sealed plan's uploads, less those
 * taken out, that still satisfy every criterion; an edit that would add refuses the plan before
 * any request. The engine runs in this process against the simulator (a real HTTP server), as
 * each front door runs it; the expectation is computed from the generated library and edit, not
 * from the engine.
 */
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { uid } from '../__fixtures__/ids.ts';
import { runInProcess } from '../__fixtures__/in-process.ts';
import { readFileSync, writeFileSync } from 'node:fs';
import { InputError } from '../src/core/common/errors.ts';
import { startSimulator, type SeedUpload } from '../simulator/index.ts';

const TOKEN = 'property-token-1234';
const TAGS = ['a', 'b'] as const;
/** The one upload no criterion matches. */
const KEEP = uid('keep');

interface Upload {
  readonly id: string;
  readonly tags: readonly string[];
  readonly inUse: boolean;
  readonly size: number;
}
type Change = 'none' | 'use' | 'free' | 'retag' | 'replace' | 'remove';

const upload = (id: string): fc.Arbitrary<Upload> =>
  fc.record({
    id: fc.constant(id),
    tags: fc.subarray([...TAGS]),
    inUse: fc.boolean(),
    size: fc.constantFrom(1000, 2000),
  });
const library = fc
  .integer({ min: 0, max: 10 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => upload(uid(`u${i}`)))));
/** How the plan selects: by criteria over the library, or by IDs (some unknown), each with or without only-unused. */
const how = fc.record({
  byIds: fc.boolean(),
  tag: fc.constantFrom(...TAGS),
  onlyUnused: fc.boolean(),
  given: fc.array(fc.integer({ min: 0, max: 11 }), { maxLength: 8 }),
});
const changes = fc.array(fc.constantFrom<Change>('none', 'none', 'use', 'free', 'retag', 'replace', 'remove'), {
  minLength: 10,
  maxLength: 10,
});
const added = fc.array(upload(uid('placeholder')), { maxLength: 3 });
/** How the plan file is edited between review and apply, by someone without the token. */
type Edit = 'none' | 'remove' | 'add' | 'widen' | 'unseal';
const edits = fc.record({
  kind: fc.constantFrom<Edit>('none', 'none', 'remove', 'remove', 'add', 'widen', 'unseal'),
  /** Which items `remove` takes out. */
  out: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
});

interface PlanFile {
  settings: { criteria: { conditions: unknown[]; filter: unknown; onlyUnused: boolean } };
  environment: { id: string | null };
  seal?: unknown;
  items: { id: string; kind: string; seal?: unknown; listed?: unknown }[];
}

/**
 * Edits the plan; returns the upload IDs it still holds, or undefined when the edit must be
 * refused. `add` puts `intruder` in place of the plan's last item, with that item's seal and the
 * intruder's own file, so that only the seal can tell.
 */
function editPlan(
  path: string,
  edit: { kind: Edit; out: boolean[] },
  intruder: Record<string, unknown>,
): Set<string> | undefined {
  const plan = JSON.parse(readFileSync(path, 'utf8')) as PlanFile;
  const criteria = plan.settings.criteria;
  let refused = true;
  if (edit.kind === 'remove') plan.items = plan.items.filter((_, i) => edit.out[i] !== true);
  if (edit.kind === 'add') plan.items.push({ ...(plan.items.pop() ?? { id: '', kind: 'upload' }), ...intruder });
  if (edit.kind === 'widen' && criteria.conditions.length > 0) {
    // The first condition taken out, and the parts that say it: only the seal can tell.
    criteria.conditions.shift();
    if (criteria.filter !== null) criteria.filter = null;
    else criteria.onlyUnused = false;
  }
  if (edit.kind === 'widen' && criteria.conditions.length === 0) plan.environment.id = 'elsewhere';
  if (edit.kind === 'unseal') {
    delete plan.seal;
    for (const item of plan.items) delete item.seal;
  }
  if (edit.kind === 'none' || edit.kind === 'remove') refused = false;
  writeFileSync(path, JSON.stringify(plan));
  return refused ? undefined : new Set(plan.items.filter((item) => item.kind === 'upload').map((item) => item.id));
}

const seed = (u: Upload): SeedUpload => ({ id: u.id, tags: [...u.tags], inUse: u.inUse, size: u.size });

const run = (url: string, inputs: Record<string, string>, dir: string) => runInProcess(url, TOKEN, inputs, dir);

describe('applying a plan, whatever was edited and changed in between', () => {
  it('deletes exactly the sealed uploads still in the plan that still qualify, and nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(
        library,
        how,
        changes,
        added,
        edits,
        fc.boolean(),
        async (uploads, plan, change, extra, edit, ignoreTags) => {
          // One upload no criterion matches: a filter that matches every upload of a library is refused.
          const keep: SeedUpload = { id: KEEP, tags: [] };
          const options = { token: TOKEN, rateLimit: false as const, jobLatencyMs: 1 };
          const dir = mkdtempSync(join(tmpdir(), 'plan-property-'));
          const planFile = join(dir, 'plan.json');
          const made = await startSimulator({ ...options, uploads: [...uploads.map(seed), keep] });
          let planned: Set<string>;
          let intruder: Record<string, unknown>;
          try {
            const criteria = {
              filter: JSON.stringify({ tags: { contains: plan.tag } }),
              ...(plan.onlyUnused ? { 'only-unused': 'true' } : {}),
            };
            const selecting = plan.byIds
              ? {
                  'upload-ids': plan.given.map((i) => uid(`u${i}`)).join(','),
                  ...(plan.onlyUnused ? { 'only-unused': 'true' } : {}),
                }
              : { scope: 'library', ...criteria };
            const dry = await run(made.url, { ...selecting, 'dry-run': 'true', 'report-file': 'plan.json' }, dir);
            planned = new Set(dry.selection?.uploadIds ?? []);
            const listed = made.uploadResource(KEEP)?.attributes ?? {};
            const file = { filename: `${KEEP}.jpg`, size: listed.size, url: listed.url, md5: listed.md5 };
            intruder = { kind: 'upload', id: KEEP, fate: 'selected', listed: { ...file, createdAt: null, tags: [] } };
          } finally {
            await made.close();
          }

          // The library as it is at the apply, served by an API that may ignore the tags filter.
          const now = new Map(uploads.map((u) => [u.id, u]));
          for (const [index, u] of uploads.entries()) {
            const next = applyChange(u, change[index] ?? 'none');
            if (next === undefined) now.delete(u.id);
            else now.set(u.id, next);
          }
          const fresh = extra.map((u, index) => ({ ...u, id: uid(`new${index}`) }));
          const target = await startSimulator({
            ...options,
            uploads: [...[...now.values(), ...fresh].map(seed), keep],
            ignoredFilterFields: ignoreTags ? ['tags'] : [],
          });
          try {
            const kept = editPlan(planFile, edit, intruder);
            if (kept === undefined) {
              await expect(run(target.url, { 'plan-file': 'plan.json' }, dir)).rejects.toThrow(InputError);
              expect(target.requests).toEqual([]);
              return;
            }
            await run(target.url, { 'plan-file': 'plan.json' }, dir);
            const deleted = target.deletions.map((d) => d.uploadId).sort();
            const qualifies = (id: string) => {
              const before = uploads.find((u) => u.id === id);
              const after = now.get(id);
              if (before === undefined || after === undefined || after.size !== before.size) return false;
              // The plan's criteria left it out, or the API keeps an upload that records use (the simulator's default).
              if (after.inUse) return false;
              return plan.byIds || after.tags.includes(plan.tag);
            };
            for (const id of deleted)
              expect(planned.has(id) && kept.has(id), `${id} deleted outside the plan`).toBe(true);
            expect(deleted).toEqual([...planned].filter((id) => kept.has(id) && qualifies(id)).sort());
          } finally {
            await target.close();
          }
        },
      ),
      { numRuns: 100 },
    );
  }, 60_000);
});

function applyChange(u: Upload, change: Change): Upload | undefined {
  switch (change) {
    case 'none':
      return u;
    case 'use':
      return { ...u, inUse: true };
    case 'free':
      return { ...u, inUse: false };
    case 'retag':
      return { ...u, tags: u.tags.includes('a') ? ['b'] : ['a'] };
    case 'replace':
      return { ...u, size: u.size === 1000 ? 2000 : 1000 };
    case 'remove':
      return undefined;
  }
}
