import { createHandlers } from './create-handlers.ts';
import { handlers, type Handler } from './handlers.ts';
import { listReferences } from './references.ts';
import type { Settings } from './settings.ts';

export interface Route {
  method: string;
  /** Path segments; `':'` captures one segment. */
  pattern: string[];
  /** Writes: needs a role that may delete (and create) uploads, in an environment that is not read-only. */
  deletes: boolean;
  handle: Handler;
  /** A disabled route does not exist: the request falls through to the next one, or 404. */
  enabled?: (settings: Settings) => boolean;
}

/** More specific paths first: `batch-destroy` would otherwise be taken for an upload id. */
const ROUTES: Route[] = [
  { method: 'GET', pattern: ['uploads'], deletes: false, handle: handlers.listUploads },
  {
    method: 'DELETE',
    pattern: ['uploads', 'batch-destroy'],
    deletes: true,
    handle: handlers.batchDestroy,
    // Gone as an upload ID: the path falls through to DELETE /uploads/:id below.
    enabled: (settings) => settings.batchDestroy !== 'as-upload-id',
  },
  {
    method: 'POST',
    pattern: ['uploads', 'bulk', 'destroy'],
    deletes: true,
    handle: handlers.bulkDestroy,
  },
  { method: 'POST', pattern: ['uploads'], deletes: true, handle: createHandlers.createUpload },
  { method: 'POST', pattern: ['upload-requests'], deletes: true, handle: createHandlers.createUploadRequest },
  { method: 'GET', pattern: ['uploads', ':'], deletes: false, handle: handlers.showUpload },
  { method: 'DELETE', pattern: ['uploads', ':'], deletes: true, handle: handlers.destroyUpload },
  {
    method: 'GET',
    pattern: ['uploads', ':', 'tracks'],
    deletes: false,
    handle: handlers.listTracks,
  },
  { method: 'GET', pattern: ['uploads', ':', 'references'], deletes: false, handle: listReferences },
  {
    method: 'DELETE',
    pattern: ['uploads', ':', 'tracks', ':'],
    deletes: true,
    handle: handlers.destroyTrack,
  },
  { method: 'GET', pattern: ['job-results', ':'], deletes: false, handle: handlers.jobResult },
  { method: 'GET', pattern: ['environments'], deletes: false, handle: handlers.listEnvironments },
  { method: 'GET', pattern: ['environments', ':'], deletes: false, handle: handlers.showEnvironment },
];

function capture(pattern: string[], segments: string[]): string[] | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: string[] = [];
  for (const [i, part] of pattern.entries()) {
    const segment = segments[i] ?? '';
    if (part === ':') params.push(segment);
    else if (part !== segment) return undefined;
  }
  return params;
}

/** `segments` are already percent-decoded, one by one, so an encoded `/` stays inside its id. */
export function findRoute(
  settings: Settings,
  method: string,
  segments: string[],
): { route: Route; params: string[] } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method || (route.enabled && !route.enabled(settings))) continue;
    const params = capture(route.pattern, segments);
    if (params) return { route, params };
  }
  return undefined;
}
