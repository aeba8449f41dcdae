/**
 * The two requests that delete uploads in bulk: `DELETE /uploads/batch-destroy` and `POST
 * /uploads/bulk/destroy`.
 */
import type { CmaClient } from './cma-client.ts';
import type { NonEmpty } from '../common/chunk.ts';
import { CmaApiError } from './errors.ts';
import { apiErrorOf, expectFound, submission } from './client-answers.ts';
import type { CmaHttp, CmaResponse } from './cma-http.ts';
import { saysRouteGone } from './route-gone.ts';
import { joinIds, uploadsNamed } from './upload-ids.ts';

/**
 * `DELETE /uploads/batch-destroy`: the job it started, or (unless `routeSeen`) the client's
 * `RouteGone` when the API says the route does not exist.
 */
export async function batchDestroyUploads(
  http: CmaHttp,
  ids: NonEmpty<string>,
  routeSeen: boolean,
): ReturnType<CmaClient['batchDestroyUploads']> {
  const request = 'DELETE /uploads/batch-destroy';
  const gone = (error: CmaApiError) =>
    !routeSeen && saysRouteGone(error, ids)
      ? { routeGone: true as const, answer: error.answer, retried: error.retried }
      : undefined;
  let res: CmaResponse;
  try {
    const query = { 'filter[ids]': joinIds(ids) };
    res = await http({
      method: 'DELETE',
      path: '/uploads/batch-destroy',
      query,
      deletes: uploadsNamed(ids),
      deletesIds: ids,
    });
  } catch (error) {
    const routeGone = error instanceof CmaApiError ? gone(error) : undefined;
    if (routeGone !== undefined) return routeGone;
    throw error;
  }
  if (res.status !== 404) return submission(request, res);
  const notFound = apiErrorOf(request, res);
  const routeGone = gone(notFound);
  if (routeGone !== undefined) return routeGone;
  throw notFound;
}

/** `POST /uploads/bulk/destroy`: the job it started. */
export async function bulkDestroyUploads(
  http: CmaHttp,
  ids: NonEmpty<string>,
): ReturnType<CmaClient['bulkDestroyUploads']> {
  joinIds(ids);
  const uploads = ids.map((id) => ({ type: 'upload', id }));
  const res = await http({
    method: 'POST',
    path: '/uploads/bulk/destroy',
    body: { data: { type: 'upload_bulk_destroy_operation', relationships: { uploads: { data: uploads } } } },
    deletes: uploadsNamed(ids),
    deletesIds: ids,
  });
  return submission('POST /uploads/bulk/destroy', expectFound('POST /uploads/bulk/destroy', res));
}
