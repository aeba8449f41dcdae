import type { ApiState } from './handlers.ts';
import type { RateDecision, RateLimiter } from './rate-limit.ts';
import { apiError, notFound, type Reply } from './reply.ts';
import { findRoute } from './routes.ts';
import { PRIMARY, type Environments } from '../common/store.ts';
import type { Fault } from './types.ts';

/** The API behind the transport: checks, routing and handlers. */
export interface Api {
  state: ApiState;
  environments: Environments;
  limiter: RateLimiter | undefined;
  now: () => number;
}

export interface ApiRequest {
  method: string;
  path: string;
  /** Percent-decoded path segments; undefined when the path cannot be decoded. */
  segments: string[] | undefined;
  query: URLSearchParams;
  /** Lowercased names. */
  headers: Record<string, string>;
  body: string;
  fault: Fault | undefined;
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer (\S+)$/i.exec(header ?? '');
  return match?.[1];
}

function rateLimited(api: Api, decision: RateDecision): Reply {
  api.state.stats.rateLimited += 1;
  const reply = apiError(429, 'RATE_LIMIT_EXCEEDED');
  reply.headers['x-ratelimit-reset'] = String(decision.resetSeconds);
  return reply;
}

/** The checks every request passes, in the API's order; the first failure is answered. */
function checkAccess(api: Api, req: ApiRequest): Reply | { token: string; environment: string } {
  const settings = api.state.settings;
  const token = bearerToken(req.headers.authorization);
  if (token === undefined || (token !== settings.token && !settings.forbiddenTokens.has(token))) {
    return apiError(401, 'INVALID_AUTHORIZATION_HEADER');
  }
  if (req.headers['x-api-version'] !== '3') return apiError(422, 'INVALID_API_VERSION');
  const environment = req.headers['x-environment'];
  if (environment === undefined || environment === settings.primaryId) return { token, environment: PRIMARY };
  if (environment === PRIMARY || !api.environments.has(environment)) {
    // The docs' status for it (see ../shared/datocms-cma.md, "Deleting uploads": a 404 about something else).
    return apiError(404, 'INVALID_ENVIRONMENT', { environment });
  }
  return { token, environment };
}

function dispatch(api: Api, req: ApiRequest, now: number): Reply {
  const access = checkAccess(api, req);
  if ('status' in access) return access;
  const match = req.segments && findRoute(api.state.settings, req.method, req.segments);
  if (!match) return notFound();
  if (match.route.deletes && api.state.settings.forbiddenTokens.has(access.token)) {
    return apiError(403, 'INSUFFICIENT_PERMISSIONS');
  }
  if (match.route.deletes && api.state.settings.readOnly.has(access.environment)) {
    return apiError(422, 'ENVIRONMENT_IN_READ_ONLY_MODE');
  }
  const ctx = {
    ...req,
    contentType: req.headers['content-type'] ?? '',
    environment: access.environment,
    library: api.environments.get(access.environment),
    now,
  };
  return match.route.handle(api.state, ctx, match.params);
}

/** Answers one request; every answer, errors and 429s included, carries the rate limit headers. */
export function answer(api: Api, req: ApiRequest): Reply {
  const now = api.now();
  api.state.jobs.settle(now);
  const decision = api.limiter?.take(now);
  const reply = decision && !decision.allowed ? rateLimited(api, decision) : dispatch(api, req, now);
  if (decision) {
    reply.headers['x-ratelimit-limit'] = String(decision.limit);
    reply.headers['x-ratelimit-remaining'] = String(decision.remaining);
  }
  return reply;
}
