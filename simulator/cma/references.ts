/**
 * `GET /uploads/:id/references`: the records that link an upload, as `item` resources.
 * https://www.datocms.com/docs/content-management-api/resources/upload/references ("Referenced
 * records"): `version` is `current`, `published` or `published-or-current` ("records that are
 * linked to the upload either in their published version or in their latest version available");
 * `nested` returns nested blocks' full payload instead of their IDs (the simulator has no blocks,
 * so it changes nothing here).
 */
import type { Handler } from './handlers.ts';
import { invalidParams, json, notFound } from './reply.ts';
import type { SeedReference } from '../common/types.ts';

const VERSIONS: Record<string, (version: SeedReference['version']) => boolean> = {
  current: (version) => version !== 'published',
  published: (version) => version !== 'current',
  'published-or-current': () => true,
};

/**
 * A missing `version` reads the current versions, as the CMA's record endpoints default to
 * (`GET /items`: `version` defaults to `current`; UNVERIFIED for this one); an unknown one is
 * refused with 422 `INVALID_PARAMS`, so a client that misspells it finds out.
 */
export const listReferences: Handler = (_state, ctx, [id = '']) => {
  const upload = ctx.library.get(id);
  if (!upload) return notFound({ upload_id: id });
  const version = ctx.query.get('version') ?? 'current';
  const nested = ctx.query.get('nested');
  const wanted = Object.hasOwn(VERSIONS, version) ? VERSIONS[version] : undefined;
  if (wanted === undefined) {
    return invalidParams({ param: 'version', reason: 'expected current, published or published-or-current' });
  }
  if (nested !== null && nested !== 'true' && nested !== 'false') {
    return invalidParams({ param: 'nested', reason: 'expected true or false' });
  }
  const records = upload.references.filter((reference) => wanted(reference.version));
  return json(200, { data: records.map(itemResource) });
};

/** A record as the CMA lists it: https://www.datocms.com/docs/content-management-api/resources/item */
function itemResource(reference: SeedReference) {
  return {
    type: 'item',
    id: reference.id,
    attributes: {},
    relationships: { item_type: { data: { type: 'item_type', id: reference.itemType ?? 'article' } } },
    meta: {
      status: reference.version === 'current' ? 'draft' : reference.version === 'published' ? 'updated' : 'published',
    },
  };
}
