/** The selection with a fake client: what the API lists is checked before anything is deleted. */
import { describe, expect, it } from 'vitest';
import { fakeClient } from '../__fixtures__/fake-client.ts';
import type { UploadInfo } from '../src/cma-client.ts';
import { parseCriteria } from '../src/criteria.ts';
import { select } from '../src/selection.ts';

const NOW = new Date('2026-11-22T00:00:00Z');
const upload = (id: string, createdAt: string): UploadInfo => ({ id, filename: `${id}.jpg`, size: 1, createdAt });

describe('select, scope library', () => {
  it('leaves out listed uploads newer than older-than and IDs that are not upload IDs', async () => {
    const client = fakeClient({
      listUploads: () =>
        Promise.resolve([
          upload('old1', '2025-01-01T00:00:00Z'),
          upload('new1', '2026-11-21T00:00:00+02:00'),
          upload('a,b', '2020-01-01T00:00:00Z'),
        ]),
    });
    const criteria = parseCriteria({ filter: '', query: '', onlyUnused: false, olderThan: '30d' }, NOW);
    const settings = {
      uploadIds: [],
      uploadTracks: [],
      allTracksOf: [],
      scope: 'library',
      criteria,
      dryRun: false,
    } as const;
    const selection = await select(settings, client);
    expect(selection.uploadIds).toEqual(['old1']);
    expect(selection.notes).toEqual([expect.stringMatching(/^2 upload\(s\) the API listed were left out/)]);
  });
});
