/**
 * The simulator's `GET /uploads/:id/references`, and the two answers it plays for what the
 * `in_use` filter counts (UNVERIFIED): any version, or only published ones.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type SeedUpload, type Simulator, type SimulatorOptions } from '../simulator/index.ts';

const running: Simulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

async function start(options: SimulatorOptions): Promise<Simulator> {
  const sim = await startSimulator({ rateLimit: false, jobLatencyMs: 0, ...options });
  running.push(sim);
  return sim;
}

async function get(sim: Simulator, path: string): Promise<{ status: number; body: { data: unknown } }> {
  const response = await fetch(`${sim.url}${path}`, {
    headers: { Authorization: 'Bearer sim-token', 'X-Api-Version': '3', Accept: 'application/json' },
  });
  return { status: response.status, body: (await response.json()) as { data: unknown } };
}

const ids = (body: { data: unknown }) => (body.data as { id: string }[]).map((entry) => entry.id);

const library: SeedUpload[] = [
  { id: 'free' },
  { id: 'flagged', inUse: true },
  {
    id: 'draft',
    references: [
      { id: 'rec-draft', itemType: 'post', version: 'current' },
      { id: 'rec-pub', version: 'published' },
      { id: 'rec-both', itemType: 'page', version: 'both' },
    ],
  },
  { id: 'draft-only', references: [{ id: 'rec-1', version: 'current' }] },
];

describe('GET /uploads/:id/references', () => {
  it('lists item resources, filtered by version as documented', async () => {
    const sim = await start({ uploads: library });
    const all = await get(sim, '/uploads/draft/references?version=published-or-current&nested=true');
    expect(all.status).toBe(200);
    expect(all.body.data).toEqual([
      expect.objectContaining({
        type: 'item',
        id: 'rec-draft',
        relationships: { item_type: { data: { type: 'item_type', id: 'post' } } },
      }),
      expect.objectContaining({
        id: 'rec-pub',
        relationships: { item_type: { data: { type: 'item_type', id: 'article' } } },
      }),
      expect.objectContaining({ id: 'rec-both' }),
    ]);
    expect(ids((await get(sim, '/uploads/draft/references?version=current')).body)).toEqual(['rec-draft', 'rec-both']);
    expect(ids((await get(sim, '/uploads/draft/references?version=published')).body)).toEqual(['rec-pub', 'rec-both']);
    // Without version: the current versions, as the record endpoints default to.
    expect(ids((await get(sim, '/uploads/draft/references')).body)).toEqual(['rec-draft', 'rec-both']);
    // The inUse seed flag is only seen by the in_use filter.
    expect((await get(sim, '/uploads/flagged/references?version=published-or-current')).body.data).toEqual([]);
  });

  it('answers 404 for an unknown upload and 422 for an unknown version or nested', async () => {
    const sim = await start({ uploads: library });
    expect((await get(sim, '/uploads/nope/references?version=current')).status).toBe(404);
    const refused = await get(sim, '/uploads/draft/references?version=draft');
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('INVALID_PARAMS');
    expect((await get(sim, '/uploads/draft/references?version=current&nested=yes')).status).toBe(422);
  });
});

describe('inUseFilter: what the in_use filter counts', () => {
  const unused = '/uploads?filter[fields][in_use][eq]=false';
  const used = '/uploads?filter[fields][in_use][eq]=true';

  it("'any-version' (the default): any reference, or the inUse flag, is in use", async () => {
    const sim = await start({ uploads: library });
    expect(ids((await get(sim, unused)).body)).toEqual(['free']);
    expect(ids((await get(sim, used)).body)).toEqual(['flagged', 'draft', 'draft-only']);
  });

  it("'published-only': an upload only a draft links is listed as unused", async () => {
    const sim = await start({ uploads: library, inUseFilter: 'published-only' });
    expect(ids((await get(sim, unused)).body)).toEqual(['free', 'draft-only']);
    expect(ids((await get(sim, used)).body)).toEqual(['flagged', 'draft']);
    expect(ids((await get(sim, '/uploads/draft-only/references?version=published-or-current')).body)).toEqual([
      'rec-1',
    ]);
  });

  it('deleting an upload with references is what deleting one in use is, whatever the filter counts', async () => {
    const sim = await start({ uploads: library, inUseFilter: 'published-only' });
    for (const id of ['draft-only', 'flagged']) {
      const response = await fetch(`${sim.url}/uploads/${id}`, {
        method: 'DELETE',
        headers: { Authorization: 'Bearer sim-token', 'X-Api-Version': '3', Accept: 'application/json' },
      });
      expect(response.status).toBe(422);
    }
    const batch = await fetch(`${sim.url}/uploads/batch-destroy?filter[ids]=free,draft-only`, {
      method: 'DELETE',
      headers: { Authorization: 'Bearer sim-token', 'X-Api-Version': '3', Accept: 'application/json' },
    });
    expect(batch.status).toBe(202);
    await expect.poll(() => sim.jobs().every((job) => job.done)).toBe(true);
    expect([sim.uploadExists('free'), sim.uploadExists('draft-only')]).toEqual([false, true]);
  });
});
