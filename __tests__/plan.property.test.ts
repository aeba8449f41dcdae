/**
 * Property: for any library, any plan made of it, and any changes between the plan and its apply
 * (uploads put in use, retagged, replaced, removed, added), applying deletes exactly the planned
 * uploads that still qualify, unchanged, and so never anything outside the plan. The engine runs
 * in this process against the simulator (a real HTTP server), as each front door runs it; the
 * expectation is computed from the generated library, not from the engine.
 */
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../__fixtures__/in-process.ts';
import { startSimulator, type SeedUpload } from '../simulator/index.ts';

const TOKEN = 'property-token-1234';
const TAGS = ['a', 'b'] as const;

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
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => upload(`u${i}`))));
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
const added = fc.array(upload('placeholder'), { maxLength: 3 });

const seed = (u: Upload): SeedUpload => ({ id: u.id, tags: [...u.tags], inUse: u.inUse, size: u.size });

const run = (url: string, inputs: Record<string, string>, dir: string) => runInProcess(url, TOKEN, inputs, dir);

describe('applying a plan, whatever changed in between', () => {
  it('deletes exactly the planned uploads that still qualify, and nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(library, how, changes, added, async (uploads, plan, change, extra) => {
        // One upload no criterion matches: a filter that matches every upload of a library is refused.
        const keep: SeedUpload = { id: 'keep', tags: [] };
        const target = await startSimulator({
          token: TOKEN,
          uploads: [...uploads.map(seed), keep],
          rateLimit: false,
          jobLatencyMs: 1,
        });
        try {
          const dir = mkdtempSync(join(tmpdir(), 'plan-property-'));
          const criteria = {
            filter: JSON.stringify({ tags: { contains: plan.tag } }),
            ...(plan.onlyUnused ? { 'only-unused': 'true' } : {}),
          };
          const selecting = plan.byIds
            ? {
                'upload-ids': plan.given.map((i) => `u${i}`).join(','),
                ...(plan.onlyUnused ? { 'only-unused': 'true' } : {}),
              }
            : { scope: 'library', ...criteria };
          const dry = await run(target.url, { ...selecting, 'dry-run': 'true', 'report-file': 'plan.json' }, dir);
          const planned = new Set(dry.selection?.uploadIds ?? []);

          const now = new Map(uploads.map((u) => [u.id, u]));
          for (const [index, u] of uploads.entries()) {
            const next = applyChange(u, change[index] ?? 'none');
            if (next === undefined) {
              target.removeUpload(u.id);
              now.delete(u.id);
            } else if (next !== u) {
              target.addUpload(seed(next));
              now.set(u.id, next);
            }
          }
          for (const [index, u] of extra.entries()) {
            const fresh = { ...u, id: `new${index}` };
            target.addUpload(seed(fresh));
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
          for (const id of deleted) expect(planned.has(id), `${id} deleted outside the plan`).toBe(true);
          expect(deleted).toEqual([...planned].filter(qualifies).sort());
        } finally {
          await target.close();
        }
      }),
      { numRuns: 30 },
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
