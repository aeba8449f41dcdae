/** The transport: recording, delays, authentication, refusals, then the handlers. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, listen, parseUrl, readBytes, segmentsOf, type RunningServer } from '../common/http-parts.ts';
import { Sleeper } from '../common/sleeper.ts';
import { DOCS_OF, handle, type Exchange } from './handlers.ts';
import { sendError, sendRefusal } from './reply.ts';
import { endpointOf, routeOf, type Endpoint } from './routes.ts';
import type { GitHubState } from './state.ts';

/** The token of `authorization: token X` or `Bearer X`, '' for another scheme, undefined without the header. */
export function tokenOf(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  return /^(?:token|bearer)\s+(\S+)\s*$/i.exec(authorization)?.[1] ?? '';
}

/** Answers 401 unless the request carries the token; true when it does. */
function authenticated(ex: Exchange, authorization: string | undefined, docs: string): boolean {
  const token = tokenOf(authorization);
  if (token === ex.state.settings.token) return true;
  sendError(ex.res, 401, token === undefined ? 'Requires authentication' : 'Bad credentials', docs);
  return false;
}

async function serve(state: GitHubState, sleeper: Sleeper, req: IncomingMessage, res: ServerResponse, base: string) {
  const target = req.url ?? '/';
  const url = parseUrl(target);
  const authorization = req.headers.authorization;
  const body = (await readBytes(req)).toString('utf8');
  state.requests.push({ method: req.method ?? 'GET', path: target, authorization, body });
  const endpoint: Endpoint = endpointOf(req.method ?? 'GET', segmentsOf(url.pathname));
  const route = routeOf(endpoint);
  const delay = state.delayOf(route);
  if (delay > 0) await sleeper.sleep(delay);
  if (sleeper.closed) return;
  const ex: Exchange = { state, res, url, body, base };
  const docs = DOCS_OF[endpoint.kind];
  if (!authenticated(ex, authorization, docs)) return;
  const refusal = state.takeRefusal(route);
  if (refusal !== undefined) return sendRefusal(res, refusal, docs);
  handle(ex, endpoint);
}

/** A simulator bug becomes a visible 500 naming it, rather than a reset connection. */
function failed(res: ServerResponse, error: unknown): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  sendError(res, 500, `GitHub simulator bug: ${error instanceof Error ? error.message : String(error)}`);
}

/** Listens on 127.0.0.1 (an ephemeral port by default) and serves `state`. */
export async function startGitHubServer(state: GitHubState, port = 0): Promise<RunningServer> {
  const sleeper = new Sleeper();
  let base = '';
  const server = createServer({ keepAlive: true }, (req, res) => {
    serve(state, sleeper, req, res, base).catch((error: unknown) => failed(res, error));
  });
  base = await listen(server, port, 'http');
  return {
    url: base,
    close: async () => {
      sleeper.close();
      await closeServer(server);
    },
  };
}
