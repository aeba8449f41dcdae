/** The HTTP layer against the simulator on loopback: retries, timeouts, redirects, error messages. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../src/core/common/clock.ts';
import { createCmaClient } from '../src/core/cma/create-client.ts';
import { createCmaHttp } from '../src/core/cma/cma-http.ts';
import { CmaApiError, NetworkError } from '../src/core/cma/errors.ts';
import { RateLimiter } from '../src/core/cma/rate-limit.ts';
import { RETRY_POLICY } from '../src/core/cma/retry-policy.ts';
import { startSimulator, uploadId, type Simulator } from '../simulator/index.ts';

const TOKEN = 'http-test-token-4242';
let sim: Simulator | undefined;
let agent: Agent | undefined;

afterEach(async () => {
  await agent?.destroy();
  await sim?.close();
});

/** A client on a fast retry policy (3 attempts, 1 ms apart) and short timeouts. */
async function setup(options: { headersTimeout?: number } = {}) {
  sim = await startSimulator({ token: TOKEN, uploads: 3, jobLatencyMs: 0, rateLimit: false });
  agent = new Agent({ headersTimeout: options.headersTimeout ?? 5000, bodyTimeout: 5000 });
  const debug: string[] = [];
  const http = createCmaHttp(
    { baseUrl: sim.url, apiToken: TOKEN, environment: undefined, userAgent: 'test' },
    {
      dispatcher: agent,
      limiter: new RateLimiter(systemClock),
      retryPolicy: { ...RETRY_POLICY, maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
      clock: systemClock,
      signal: new AbortController().signal,
      debug: (line) => debug.push(line),
    },
  );
  return { sim, client: createCmaClient(http), debug };
}

const destroy = { match: { path: '/uploads/batch-destroy' } };

describe('retries', () => {
  it.each([
    ['a 502 with an HTML body', { status: 502 }],
    ['a 503 with an HTML body', { status: 503 }],
    ['a 504 with an HTML body', { status: 504 }],
    [
      'an api_error marked transient',
      {
        status: 500,
        contentType: 'application/json',
        body: JSON.stringify({ data: [{ type: 'api_error', attributes: { code: 'BUSY', transient: true } }] }),
      },
    ],
    ['a dropped connection', { drop: true }],
  ])('sends the request again after %s, and says it was retried', async (_, fault) => {
    const { sim, client, debug } = await setup();
    sim.inject({ ...destroy, ...fault });
    const sub = await client.batchDestroyUploads([uploadId(0)], false);
    expect(sub).toMatchObject({ retried: true });
    expect(sim.requests.filter((r) => r.path === '/uploads/batch-destroy')).toHaveLength(2);
    expect(debug.join('\n')).toMatch(/DELETE \/uploads\/batch-destroy.*retry 1 of 2/);
    expect(debug.join('\n')).not.toContain(TOKEN);
  });

  it('retries a read answered 2xx with a body that is not JSON, and names it when the retries run out', async () => {
    const { sim, client } = await setup();
    await client.batchDestroyUploads([uploadId(0)], false);
    sim.inject({ match: { method: 'GET', path: '/job-results/' }, status: 200, body: '<html>proxy</html>', times: 3 });
    await expect(client.getJobResult('1')).rejects.toThrow(
      'GET /job-results/1 (after 3 attempts) answered 200 with a body that is not JSON, which this action does not understand',
    );
    expect(sim.requests.filter((r) => r.path === '/job-results/1')).toHaveLength(3);
  });

  it('does not resend a deletion answered 2xx with a body that is not JSON, and says it may take effect', async () => {
    const { sim, client } = await setup();
    sim.inject({ ...destroy, status: 202, body: '<html>proxy</html>' });
    await expect(client.batchDestroyUploads([uploadId(0)], false)).rejects.toThrow(
      /answered 202 with a body that is not JSON, .*the API accepted the deletion, so it may still take effect/,
    );
    expect(sim.requests.filter((r) => r.path === '/uploads/batch-destroy')).toHaveLength(1);
  });

  it('retries a request whose answer does not come within the headers timeout', async () => {
    const { sim, client } = await setup({ headersTimeout: 100 });
    sim.inject({ ...destroy, delayMs: 1000 });
    await expect(client.batchDestroyUploads([uploadId(0)], false)).resolves.toMatchObject({ retried: true });
    expect(sim.requests).toHaveLength(2);
  });

  it('does not retry another 4xx', async () => {
    const { sim, client } = await setup();
    const body = JSON.stringify({ data: [{ type: 'api_error', attributes: { code: 'INVALID_PARAMS' } }] });
    sim.inject({ ...destroy, status: 422, contentType: 'application/json', body });
    await expect(client.batchDestroyUploads([uploadId(0)], false)).rejects.toThrow(
      'DELETE /uploads/batch-destroy answered 422 INVALID_PARAMS: check upload-ids, upload-tracks and environment',
    );
    expect(sim.requests).toHaveLength(1);
  });

  it('names the request and the last cause when the retries run out', async () => {
    const { sim, client } = await setup();
    sim.inject({ ...destroy, status: 503, times: 3 });
    const error = await client.batchDestroyUploads([uploadId(0)], false).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CmaApiError);
    expect((error as Error).message).toBe(
      'DELETE /uploads/batch-destroy (after 3 attempts) answered 503: the API is unavailable, try again later',
    );

    sim.inject({ ...destroy, drop: true, times: 3 });
    const reset = await client.batchDestroyUploads([uploadId(0)], false).catch((e: unknown) => e);
    expect(reset).toBeInstanceOf(NetworkError);
    expect((reset as Error).message).toMatch(
      /^DELETE \/uploads\/batch-destroy \(after 3 attempts\) failed: UND_ERR_SOCKET/,
    );
  });
});

describe('redirects', () => {
  it('never follows one, so the token is not sent to another host', async () => {
    const { sim, client } = await setup();
    const elsewhere = await startSimulator({ rateLimit: false });
    try {
      sim.inject({ ...destroy, status: 307, headers: { location: `${elsewhere.url}/uploads/batch-destroy` } });
      await expect(client.batchDestroyUploads([uploadId(0)], false)).rejects.toThrow(
        /answered 307, a redirect, which is not followed/,
      );
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });
});

describe('existingUploads', () => {
  it('answers which of the IDs exist', async () => {
    const { client } = await setup();
    const found = await client.existingUploads([uploadId(0), 'nope', uploadId(2)]);
    expect([...found].sort()).toEqual([uploadId(0), uploadId(2)].sort());
  });
});

describe('answer sizes', () => {
  it('fails answers read together past the shared budget, though each is under its own cap', async () => {
    const MiB = 1024 * 1024;
    const held: (() => void)[] = [];
    const server = createServer((req, res) => {
      if (req.url === '/warm') return void res.end('{}');
      // 13 MiB each, none ended until the client drops one: 52 MiB would be held at once.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(`{"pad":"${'x'.repeat(13 * MiB)}`);
      held.push(() => res.end('"}'));
      res.on('close', () => {
        if (!res.writableEnded) for (const end of held) end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    agent = new Agent();
    const { port } = server.address() as AddressInfo;
    const http = createCmaHttp(
      { baseUrl: `http://127.0.0.1:${port}`, apiToken: TOKEN, environment: undefined, userAgent: 'test' },
      {
        dispatcher: agent,
        limiter: new RateLimiter(systemClock),
        retryPolicy: RETRY_POLICY,
        clock: systemClock,
        signal: new AbortController().signal,
        debug: () => {},
      },
    );
    try {
      await http({ method: 'GET', path: '/warm' }); // the first request goes alone
      const answers = await Promise.allSettled(
        [1, 2, 3, 4].map(() => http({ method: 'GET', path: '/big', maxBodyBytes: 16 * MiB })),
      );
      const failed = answers.flatMap((a) => (a.status === 'rejected' ? [String(a.reason)] : []));
      expect(failed.length).toBeGreaterThan(0);
      expect(failed[0]).toMatch(
        /GET \/big answered a body of more than 16 MiB, or more than 48 MiB with the answers read/,
      );
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
