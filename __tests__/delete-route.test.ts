/** Which endpoint deletes: one probe of batch-destroy, one switch, never after the route answered. */
import { describe, expect, it } from 'vitest';
import { fakeClient } from '../__fixtures__/fake-client.ts';
import type { RouteGone, Submission } from '../src/core/cma/cma-client.ts';
import { DeleteRoute } from '../src/core/delete/delete-route.ts';

const job = (id: string): Submission => ({ jobId: id, retried: false });
const gone: RouteGone = { routeGone: true, answer: '404 NOT_FOUND', retried: false };

function route(
  batch: (routeSeen: boolean) => Submission | RouteGone,
  endpoint: 'auto' | 'batch-destroy' | 'bulk-destroy' = 'auto',
) {
  const sent: string[] = [];
  const switches: string[] = [];
  const client = fakeClient({
    batchDestroyUploads: (ids, routeSeen) => {
      sent.push(`batch ${ids[0]}`);
      return Promise.resolve(batch(routeSeen));
    },
    bulkDestroyUploads: (ids) => {
      sent.push(`bulk ${ids[0]}`);
      return Promise.resolve(job(`bulk-${ids[0]}`));
    },
  });
  return { sent, switches, route: new DeleteRoute(client, endpoint, (answer) => switches.push(answer)) };
}

describe('DeleteRoute', () => {
  it('probes batch-destroy with the first chunk alone, then switches every chunk once', async () => {
    const { sent, switches, route: r } = route(() => gone);
    const subs = await Promise.all(['a', 'b', 'c'].map((id) => r.submit([id])));
    expect(sent).toEqual(['batch a', 'bulk a', 'bulk b', 'bulk c']);
    expect(switches).toEqual(['404 NOT_FOUND']);
    expect(subs).toEqual([job('bulk-a'), job('bulk-b'), job('bulk-c')]);
  });

  it('tells the client the route was seen once it answered, so a later answer cannot switch', async () => {
    const seen: boolean[] = [];
    const { route: r } = route((routeSeen) => (seen.push(routeSeen), job('1')));
    await Promise.all(['a', 'b'].map((id) => r.submit([id])));
    expect(seen).toEqual([false, true]);
  });

  it('marks the bulk submission retried when the batch-destroy that answered gone was retried', async () => {
    const { route: r } = route(() => ({ ...gone, retried: true }));
    await expect(r.submit(['a'])).resolves.toEqual({ jobId: 'bulk-a', retried: true });
  });

  it('fails instead of switching when pinned to batch-destroy, and never probes when pinned to bulk', async () => {
    await expect(route(() => gone, 'batch-destroy').route.submit(['a'])).rejects.toThrow(
      /delete-endpoint is batch-destroy/,
    );
    const pinned = route(() => job('1'), 'bulk-destroy');
    await pinned.route.submit(['a']);
    expect(pinned.sent).toEqual(['bulk a']);
  });
});
