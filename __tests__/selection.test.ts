/** The selection with a fake client: what the API lists is checked before anything is deleted. */
import { describe, expect, it } from 'vitest';
import { fakeClient } from '../__fixtures__/fake-client.ts';
import type { UploadInfo, UploadListing } from '../src/core/cma/upload-listing.ts';
import { parseCriteria } from '../src/core/criteria/criteria.ts';
import { select } from '../src/core/select/selection.ts';
import { uid } from '../__fixtures__/ids.ts';

const NOW = new Date('2026-11-22T00:00:00Z');
const [OLD1, NEW1, NO_DATE, BAD_DATE, DATE_ONLY] = [
  uid('old1'),
  uid('new1'),
  uid('noDate'),
  uid('badDate'),
  uid('dateOnly'),
];
const upload = (id: string, createdAt: string | undefined): UploadInfo => ({
  id,
  filename: `${id}.jpg`,
  size: 1,
  createdAt,
  // As a listing keeps it for criteria on _created_at.
  checked: { created_at: createdAt },
});
const listing = (uploads: UploadInfo[], more: Partial<UploadListing> = {}): UploadListing => ({
  uploads,
  total: uploads.length,
  repeated: 0,
  beyondTotal: 0,
  conflicting: 0,
  complete: true,
  ...more,
});
const settings = (olderThan: string, scope: 'ids' | 'library', uploadIds: string[] = []) =>
  ({
    uploadIds,
    uploadTracks: [],
    allTracksOf: [],
    scope,
    criteria: parseCriteria({ filter: '', query: '', onlyUnused: false, olderThan }, NOW),
    dryRun: false,
    maxDeletions: 1000,
  }) as const;

describe('select', () => {
  it('leaves out listed uploads newer than older-than, without a date, and IDs that are not upload IDs', async () => {
    const client = fakeClient({
      listUploads: () =>
        Promise.resolve(
          listing([
            upload(OLD1, '2025-01-01T00:00:00Z'),
            upload(NEW1, '2026-11-21T00:00:00+02:00'),
            upload('a,b', '2020-01-01T00:00:00Z'),
            // Not of the shape of an upload ID (22 characters of base64url, or digits), old as it is.
            upload('old2', '2020-01-01T00:00:00Z'),
            upload(NO_DATE, undefined),
            upload(BAD_DATE, 'last year'),
            upload(DATE_ONLY, '2020-01-01'),
          ]),
        ),
    });
    const selection = await select(settings('30d', 'library'), client);
    expect(selection.uploadIds).toEqual([OLD1]);
    expect(selection.notes).toEqual([
      '1 listed upload(s) left out: _created_at lt "2026-10-23T00:00:00.000Z" does not hold for them (the API did not apply it)',
      '2 listed upload(s) left out: their ID is not an upload ID',
      '3 listed upload(s) left out: created_at is missing or malformed, so _created_at lt "2026-10-23T00:00:00.000Z" cannot be proven',
    ]);
  });

  it('applies the same proof to given IDs, and never takes an upload that was not asked for', async () => {
    const client = fakeClient({
      listUploads: () =>
        Promise.resolve(
          listing([
            upload(OLD1, '2025-01-01T00:00:00Z'),
            upload(NO_DATE, undefined),
            upload(uid('extra'), '2020-01-01T00:00:00Z'),
          ]),
        ),
    });
    const selection = await select(settings('30d', 'ids', [OLD1, NO_DATE, uid('gone')]), client);
    expect(selection.uploadIds).toEqual([OLD1]);
    expect(selection.notes).toContain('the API listed 1 upload(s) that were not asked for in filter[ids]: ignored');
    expect(selection.notes).toContain(
      '1 listed upload(s) left out: created_at is missing or malformed, so _created_at lt "2026-10-23T00:00:00.000Z" cannot be proven',
    );
  });

  it('refuses a listing that claims more matches than the library holds', async () => {
    const client = fakeClient({
      listUploads: () => Promise.resolve(listing([], { total: 1e12, complete: false })),
      countUploads: () => Promise.resolve(100_000),
    });
    const settings = {
      uploadIds: [],
      uploadTracks: [],
      allTracksOf: [],
      scope: 'library',
      criteria: parseCriteria(
        { filter: '{"tags":{"contains":"x"}}', query: '', onlyUnused: false, olderThan: '' },
        NOW,
      ),
      dryRun: false,
      maxDeletions: 1000,
    } as const;
    await expect(select(settings, client)).rejects.toThrow(
      /GET \/uploads answered a total_count of 1000000000000 matching uploads, in a library of 100000/,
    );
  });

  it('counts what matched past max-deletions as unlisted, and says so', async () => {
    const page = Array.from({ length: 3 }, (_, i) => upload(uid(`u${i}`), '2020-01-01T00:00:00Z'));
    const client = fakeClient({ listUploads: () => Promise.resolve(listing(page, { total: 9000, complete: false })) });
    const selection = await select(settings('30d', 'library'), client);
    expect(selection.uploadIds).toEqual([uid('u0'), uid('u1'), uid('u2')]);
    expect(selection.unlisted).toBe(8997);
    expect(selection.notes).toContain(
      '9000 uploads matched, more than max-deletions (1000): only the first 3 were listed',
    );
  });
});
