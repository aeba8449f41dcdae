import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uid } from '../__fixtures__/ids.ts';
import { IdIndex } from '../src/core/common/id-index.ts';
import { uploadId } from '../simulator/index.ts';

/** Upload IDs of the real shape, and tracks' `UPLOAD_ID/TRACK_ID`, from a few names (so that some repeat). */
const anId = fc.oneof(
  fc.stringMatching(/^[a-c0-2]{1,3}$/).map(uid),
  fc.tuple(fc.stringMatching(/^[a-c]{1,2}$/), fc.stringMatching(/^[a-c]{1,2}$/)).map(([u, t]) => `${uid(u)}/${uid(t)}`),
);

describe('IdIndex', () => {
  it('finds every ID at its position, and no other', () => {
    const ids = Array.from({ length: 5000 }, (_, n) => uploadId(n));
    const index = new IdIndex(ids);
    for (const [position, id] of ids.entries()) expect(index.get(id)).toBe(position);
    expect(index.get(uploadId(5000))).toBeUndefined();
    expect(index.get('')).toBeUndefined();
  });

  it('answers as a Map of ID to position would, repeats included (the last position wins)', () => {
    fc.assert(
      fc.property(fc.array(anId, { maxLength: 60 }), fc.array(anId, { maxLength: 20 }), (ids, asked) => {
        const map = new Map(ids.map((id, position) => [id, position]));
        const index = new IdIndex(ids);
        for (const id of [...ids, ...asked]) expect(index.get(id)).toBe(map.get(id));
      }),
    );
  });

  it('holds an empty list', () => {
    expect(new IdIndex([]).get(uid('a1'))).toBeUndefined();
  });
});
