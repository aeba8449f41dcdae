import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import { PRIMARY } from './store.ts';
import type { RecordedRequest } from './types.ts';

/** What both servers (the CMA and the asset host) need to stop. */
export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** Prefixing keeps `//uploads` a path (a base URL would read it as a host); junk becomes `/`. */
export function parseUrl(raw: string): URL {
  try {
    return new URL(`http://simulator.invalid${raw}`);
  } catch {
    return new URL('http://simulator.invalid/');
  }
}

export function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** Segments are decoded one by one, so that an encoded `/` in an id stays in that id. */
export function segmentsOf(pathname: string): string[] | undefined {
  const segments = pathname.split('/').slice(1).map(decode);
  return segments.every((s) => s !== undefined) ? segments : undefined;
}

export async function readBytes(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The request as it arrived; `status` and `answeredAt` are filled in when it is answered. */
export function recordOf(req: IncomingMessage, url: URL, startedAt: number): RecordedRequest {
  const headers = flattenHeaders(req);
  return {
    time: performance.now() - startedAt,
    method: req.method ?? 'GET',
    path: decode(url.pathname) ?? url.pathname,
    query: Object.fromEntries(url.searchParams),
    search: url.search.slice(1),
    headers,
    body: '',
    environment: headers['x-environment'] ?? PRIMARY,
    status: 0,
    answeredAt: 0,
  };
}

/** A body with its length, as every answer of both servers is sent. */
export function sendText(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/** Listens on 127.0.0.1 and resolves to `<scheme>://127.0.0.1:PORT`. */
export function listen(server: Server, port: number, scheme: 'http' | 'https'): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(`${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
  });
}

/** Closes the server and every connection, kept-alive ones included. */
export function closeServer(server: Server & { closeAllConnections(): void }): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
