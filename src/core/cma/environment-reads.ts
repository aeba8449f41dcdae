/**
 * The project-wide reads of environments (`GET /environments`, `GET /environments/:id`) and the
 * check of each entry.
 */
import type { CmaClient } from './cma-client.ts';
import { UnexpectedAnswerError } from './errors.ts';
import { isRecord } from '../common/guards.ts';
import { isEnvironmentId } from '../settings/item-ids.ts';
import { expectFound } from './client-answers.ts';
import type { CmaHttp } from './cma-http.ts';

/** `GET /environments/:id`, sent without `X-Environment`; undefined when there is no such environment. */
export async function getEnvironment(http: CmaHttp, id: string): ReturnType<CmaClient['getEnvironment']> {
  const path = `/environments/${encodeURIComponent(id)}`;
  const res = await http({ method: 'GET', path, projectWide: true });
  if (res.status === 404) return undefined;
  const data = isRecord(res.body) ? res.body.data : undefined;
  return environmentOf('GET /environments/:id', data, 1);
}

/** `GET /environments`, sent without `X-Environment`. */
export async function listEnvironments(http: CmaHttp): ReturnType<CmaClient['listEnvironments']> {
  const res = expectFound('GET /environments', await http({ method: 'GET', path: '/environments', projectWide: true }));
  const data = isRecord(res.body) ? res.body.data : undefined;
  if (!Array.isArray(data)) throw new UnexpectedAnswerError('GET /environments', 'a list without data');
  return data.map((entry: unknown, index) => environmentOf('GET /environments', entry, index + 1));
}

/**
 * An `environment` resource with an ID of an environment's shape and a boolean `meta.primary`
 * (the client's `EnvironmentInfo`).
 */
function environmentOf(request: string, entry: unknown, position: number) {
  const meta = isRecord(entry) && isRecord(entry.meta) ? entry.meta : undefined;
  if (
    !isRecord(entry) ||
    entry.type !== 'environment' ||
    typeof entry.id !== 'string' ||
    !isEnvironmentId(entry.id) ||
    typeof meta?.primary !== 'boolean' ||
    !['boolean', 'undefined'].includes(typeof meta.read_only_mode)
  ) {
    throw new UnexpectedAnswerError(request, `an entry that is not an environment (entry ${position})`);
  }
  return { id: entry.id, primary: meta.primary, readOnly: meta.read_only_mode === true };
}
