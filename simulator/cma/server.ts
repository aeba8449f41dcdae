import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { answer, type Api } from './api.ts';
import { gatewayPage, type FaultQueue, type RandomFaults } from './faults.ts';
import {
  closeServer,
  listen,
  parseUrl,
  readBytes,
  recordOf,
  segmentsOf,
  sendText,
  type RunningServer,
} from '../common/http-parts.ts';
import { apiError, type Reply } from './reply.ts';
import { Sleeper } from '../common/sleeper.ts';
import type { Fault } from './types.ts';
import type { RecordedRequest } from '../common/types.ts';

/** What the transport needs: the API, the faults in front of it, and where to record. */
export interface Transport {
  api: Api;
  faults: FaultQueue;
  random: RandomFaults | undefined;
  requests: RecordedRequest[];
  startedAt: number;
}

interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  entry: RecordedRequest;
}

/** A proxy's answer: no rate limit headers, since the API never saw the request. */
function faultReply(fault: Fault & { status: number }): Reply {
  const body = fault.body ?? (fault.status >= 500 ? gatewayPage(fault.status) : '');
  const contentType = fault.contentType ?? 'text/html; charset=utf-8';
  return { status: fault.status, body, headers: { 'content-type': contentType, ...fault.headers } };
}

function send(res: ServerResponse, reply: Reply): void {
  sendText(res, reply.status, reply.headers, reply.body);
}

function record(transport: Transport, req: IncomingMessage, url: URL): RecordedRequest {
  const entry = recordOf(req, url, transport.startedAt);
  transport.requests.push(entry);
  transport.api.state.stats.requests += 1;
  return entry;
}

/**
 * Faults are drawn when the request arrives, in arrival order, so a seeded run is reproducible.
 * Injected faults win over random ones; the random draw still happens to keep the sequence.
 */
function takeFault(transport: Transport, entry: RecordedRequest): Fault | undefined {
  const random = transport.random?.draw();
  const fault = transport.faults.takeForRequest(entry.method, entry.path) ?? random;
  if (fault) transport.api.state.stats.faults += 1;
  return fault;
}

async function serve(
  transport: Transport,
  sleeper: Sleeper,
  exchange: Exchange,
  fault: Fault | undefined,
): Promise<void> {
  const { req, res, url, entry } = exchange;
  entry.body = (await readBytes(req)).toString('utf8');
  if (fault?.delayMs !== undefined) await sleeper.sleep(fault.delayMs);
  if (sleeper.closed) return;
  const stats = transport.api.state.stats;
  if (fault?.drop) {
    stats.answer(0);
    req.socket.destroy();
    return;
  }
  const reply =
    fault?.status !== undefined
      ? faultReply({ ...fault, status: fault.status })
      : answer(transport.api, {
          method: entry.method,
          path: entry.path,
          segments: segmentsOf(url.pathname),
          query: url.searchParams,
          headers: entry.headers,
          body: entry.body,
          fault,
        });
  fault?.andThen?.();
  if (fault?.loseAnswer) {
    stats.answer(0);
    req.socket.destroy();
    return;
  }
  entry.status = reply.status;
  stats.answer(reply.status);
  send(res, reply);
  entry.answeredAt = performance.now() - transport.startedAt;
}

/**
 * A simulator bug becomes a visible 500 rather than a silent reset, so the test that hit it says
 * why. A client that went away mid-body just loses its socket.
 */
function failed(transport: Transport, exchange: Exchange, error: unknown): void {
  const { req, res, entry } = exchange;
  if (res.headersSent || res.destroyed) {
    req.socket.destroy();
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  const reply = apiError(500, 'INTERNAL_SERVER_ERROR', { message });
  entry.status = reply.status;
  transport.api.state.stats.answer(reply.status);
  send(res, reply);
}

export async function startServer(transport: Transport, port: number): Promise<RunningServer> {
  const sleeper = new Sleeper();
  const server = createServer({ keepAlive: true }, (req, res) => {
    const url = parseUrl(req.url ?? '/');
    const entry = record(transport, req, url);
    const fault = takeFault(transport, entry);
    serve(transport, sleeper, { req, res, url, entry }, fault).catch((error: unknown) =>
      failed(transport, { req, res, url, entry }, error),
    );
  });
  const url = await listen(server, port, 'http');
  const close = () => {
    sleeper.close();
    return closeServer(server);
  };
  return { url, close };
}
