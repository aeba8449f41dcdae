/** Reading a listing page by page: what the first page's total_count allows, and no more. */
import { describe, expect, it } from 'vitest';
import { UnexpectedAnswerError } from '../src/core/cma/errors.ts';
import { LIST_PAGE_LIMIT, readListing } from '../src/core/cma/upload-listing.ts';

const resource = (id: string, attributes: Record<string, unknown> = {}) => ({
  type: 'upload',
  id,
  attributes: { filename: `${id}.jpg`, size: 10, created_at: '2024-01-01T00:00:00Z', ...attributes },
});
const ids = (from: number, count: number) => Array.from({ length: count }, (_, i) => `u${from + i}`);
const page = (pageIds: string[], total: number) => ({
  data: pageIds.map((id) => resource(id)),
  meta: { total_count: total },
});

/** A fake API: `answer(offset)` gives the body; the offsets asked for are recorded. */
function api(answer: (offset: number) => unknown) {
  const offsets: number[] = [];
  const fetchPage = (offset: number) => {
    offsets.push(offset);
    return Promise.resolve(answer(offset));
  };
  return { offsets, fetchPage };
}

describe('readListing', () => {
  it('reads the pages total_count announced, each upload once', async () => {
    const { offsets, fetchPage } = api((offset) => page(ids(offset, Math.min(500, 1200 - offset)), 1200));
    const listing = await readListing(fetchPage, 5000);
    expect(offsets).toEqual([0, 500, 1000]);
    expect(listing).toMatchObject({ total: 1200, repeated: 0, beyondTotal: 0, complete: true });
    expect(listing.uploads.map((u) => u.id)).toEqual(ids(0, 1200));
    expect(listing.uploads[0]).toEqual({ id: 'u0', filename: 'u0.jpg', size: 10, createdAt: '2024-01-01T00:00:00Z' });
  });

  it('stops after the first page when more matched than allowed (an endless listing costs one page)', async () => {
    const { offsets, fetchPage } = api((offset) => page(ids(offset, LIST_PAGE_LIMIT), 1e12));
    const listing = await readListing(fetchPage, 1000);
    expect(offsets).toEqual([0]);
    expect(listing).toMatchObject({ total: 1e12, complete: false });
    expect(listing.uploads).toHaveLength(500);
  });

  it('ends at a page that brings nothing new, counting the repeats', async () => {
    const { offsets, fetchPage } = api(() => page(ids(0, 500), 1000));
    const listing = await readListing(fetchPage, 5000);
    expect(offsets).toEqual([0, 500]);
    expect(listing.uploads).toHaveLength(500);
    expect(listing.repeated).toBe(500);
  });

  it('reads no page past those announced, and keeps no upload past total_count', async () => {
    const { offsets, fetchPage } = api((offset) => page(ids(offset, 500), 700));
    const listing = await readListing(fetchPage, 5000);
    expect(offsets).toEqual([0, 500]);
    expect(listing.uploads).toHaveLength(700);
    expect(listing.beyondTotal).toBe(300);
  });

  it('ends at a short page', async () => {
    const { offsets, fetchPage } = api((offset) => page(ids(offset, 10), 1500));
    expect((await readListing(fetchPage, 5000)).uploads).toHaveLength(10);
    expect(offsets).toEqual([0]);
  });

  it('does not trust sizes and dates of the wrong type', async () => {
    const body = { data: [resource('u1', { size: -1, created_at: 5, filename: null })], meta: { total_count: 1 } };
    const listing = await readListing(api(() => body).fetchPage, 10);
    expect(listing.uploads).toEqual([{ id: 'u1', filename: '', size: undefined, createdAt: undefined }]);
  });

  it.each([
    ['no data', { meta: { total_count: 1 } }, /GET \/uploads answered a list without data/],
    ['no meta', { data: [] }, /a list without a valid meta.total_count/],
    ['no total_count', { data: [resource('u1')], meta: {} }, /a list without a valid meta.total_count/],
    ['a negative total', { data: [], meta: { total_count: -1 } }, /valid meta.total_count/],
    ['a fractional total', { data: [], meta: { total_count: 1.5 } }, /valid meta.total_count/],
    ['a total as text', { data: [], meta: { total_count: '10' } }, /valid meta.total_count/],
    [
      'an entry that is not an upload',
      { data: [resource('u1'), { type: 'item', id: 'x', attributes: {} }], meta: { total_count: 2 } },
      /a data entry that is not an upload object \(entry 2\)/,
    ],
    ['an entry without attributes', { data: [{ type: 'upload', id: 'u1' }], meta: { total_count: 1 } }, /entry 1/],
    [
      'an entry with a numeric id',
      { data: [{ type: 'upload', id: 7, attributes: {} }], meta: { total_count: 1 } },
      /entry 1/,
    ],
    ['a string entry', { data: ['u1'], meta: { total_count: 1 } }, /entry 1/],
    ['more entries than page[limit]', page(ids(0, 501), 501), /a page of 501 entries \(page\[limit\] is 500\)/],
    ['more entries than total_count', page(ids(0, 3), 2), /3 uploads on a page whose total_count is 2/],
  ])('refuses a first page with %s', async (_name, body, message) => {
    const listing = readListing(api(() => body).fetchPage, 1000);
    await expect(listing).rejects.toThrow(UnexpectedAnswerError);
    await expect(readListing(api(() => body).fetchPage, 1000)).rejects.toThrow(message);
  });
});

describe('readListing, concurrently', () => {
  it('reads the pages after the first at most `concurrency` at a time, and keeps page order', async () => {
    let inFlight = 0;
    let most = 0;
    const fetchPage = async (offset: number) => {
      inFlight++;
      most = Math.max(most, inFlight);
      // Later pages answer first: the listing must still come out in page order.
      await new Promise((resolve) => setTimeout(resolve, offset === 0 ? 0 : 20 - offset / 500));
      inFlight--;
      return page(ids(offset, Math.min(500, 5000 - offset)), 5000);
    };
    const listing = await readListing(fetchPage, 10_000, 3);
    expect(most).toBe(3);
    expect(listing.uploads.map((u) => u.id)).toEqual(ids(0, 5000));
  });

  it('asks for no further page once one brings nothing new', async () => {
    const { offsets, fetchPage } = api(() => page(ids(0, 500), 5000));
    const listing = await readListing(fetchPage, 10_000, 1);
    expect(offsets).toEqual([0, 500]);
    expect(listing.uploads).toHaveLength(500);
  });
});
