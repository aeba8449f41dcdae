/** confirm-unused's pure parts: reading a references answer, and sorting uploads by what it says. */
import { describe, expect, it } from 'vitest';
import { fakeClient } from '../__fixtures__/fake-client.ts';
import { CmaApiError, UnexpectedAnswerError } from '../src/core/cma/errors.ts';
import { referencesOf } from '../src/core/cma/upload-references.ts';
import { confirmUnused, describeConfirmation, describeReferences } from '../src/core/select/confirm-unused.ts';

const REQUEST = 'GET /uploads/u1/references';
const item = (id: unknown, itemType?: unknown) => ({
  type: 'item',
  id,
  ...(itemType === undefined ? {} : { relationships: { item_type: { data: { type: 'item_type', id: itemType } } } }),
});

describe('referencesOf', () => {
  it('counts every record and names the first three, with their model when given', () => {
    const body = { data: [item('r0', 'post'), item('r1'), item('r2', 42), item('r3'), item('r4')] };
    expect(referencesOf(REQUEST, body)).toEqual({
      total: 5,
      records: [
        { id: 'r0', itemType: 'post' },
        { id: 'r1', itemType: undefined },
        { id: 'r2', itemType: undefined },
      ],
    });
    expect(referencesOf(REQUEST, { data: [] })).toEqual({ total: 0, records: [] });
  });

  it.each([
    ['no data', {}],
    ['data not a list', { data: { id: 'r0' } }],
    ['a null body', null],
    ['an entry without an ID', { data: [{ type: 'item' }] }],
    ['an ID that is not one', { data: [item('r0'), item('../etc')] }],
    ['a numeric ID', { data: [item(7)] }],
    ['an entry that is not an object', { data: ['r0'] }],
  ])('refuses an answer with %s', (_what, body) => {
    expect(() => referencesOf(REQUEST, body)).toThrow(UnexpectedAnswerError);
  });
});

describe('confirmUnused', () => {
  const signal = new AbortController().signal;

  it('keeps uploads records use or whose references fail, and tells the gone and the unused apart, in order', async () => {
    const client = fakeClient({
      uploadReferences: (id) => {
        if (id === 'used') return Promise.resolve({ total: 4, records: [{ id: 'r0', itemType: 'post' }] });
        if (id === 'gone') return Promise.resolve({ notFound: true, retried: false });
        if (id === 'broken')
          return Promise.reject(new CmaApiError(`GET /uploads/${id}/references`, 500, undefined, false));
        return Promise.resolve({ total: 0, records: [] });
      },
    });
    const result = await confirmUnused(['a', 'used', 'gone', 'broken', 'b'], client, signal);
    expect(result.unused).toEqual(['a', 'b']);
    expect(result.gone).toEqual(['gone']);
    expect(result.kept).toEqual([
      {
        kind: 'upload',
        id: 'used',
        reason: 'in use by records',
        references: { total: 4, records: [{ id: 'r0', itemType: 'post' }] },
      },
      {
        kind: 'upload',
        id: 'broken',
        reason: 'not confirmed unused',
        why: expect.stringContaining('answered 500') as string,
      },
    ]);
    expect(result.kept[1]?.why).not.toContain('\n');
  });

  it('asks at most CONFIRM_CONCURRENCY at once', async () => {
    let inFlight = 0;
    let most = 0;
    const client = fakeClient({
      uploadReferences: async () => {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        return { total: 0, records: [] };
      },
    });
    const ids = Array.from({ length: 50 }, (_, n) => `u${n}`);
    expect((await confirmUnused(ids, client, signal)).unused).toHaveLength(50);
    expect(most).toBe(8);
  });

  it('throws the reason of a cancelled run rather than keep every upload as unconfirmed', async () => {
    const controller = new AbortController();
    const stop = new Error('cancelled');
    const client = fakeClient({
      uploadReferences: () => {
        controller.abort(stop);
        return Promise.reject(new Error('aborted'));
      },
    });
    await expect(confirmUnused(['a', 'b'], client, controller.signal)).rejects.toBe(stop);
  });
});

describe('words', () => {
  it('names the records of an upload in use, and counts the rest', () => {
    expect(
      describeReferences({
        total: 5,
        records: [
          { id: 'r0', itemType: 'post' },
          { id: 'r1', itemType: undefined },
        ],
      }),
    ).toBe('5 record(s): r0 (model post), r1 and 3 more');
    expect(describeConfirmation({ checked: 9, unused: 6, inUse: 2, notConfirmed: 1 })).toBe(
      'Confirmed unused: 6 of 9 upload(s) (their references read); 2 kept as in use by records, 1 kept as not confirmed unused',
    );
  });
});
