/** The simulator's asset faults that announce no length: `no-length` (the whole file, chunked) and `endless`. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { uid } from '../__fixtures__/ids.ts';
import { SIMULATOR_CA_CERT, startSimulator, type Simulator } from '../simulator/index.ts';

const assets = new Agent({ connect: { ca: readFileSync(SIMULATOR_CA_CERT) } });
let sim: Simulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
afterAll(() => assets.close());

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

async function started(): Promise<{ sim: Simulator; url: string }> {
  sim = await startSimulator({ rateLimit: false, uploads: [{ id: uid('a'), size: 200_000 }] });
  return { sim, url: String(sim.uploadResource(uid('a'))?.attributes.url) };
}

describe('asset faults without a length', () => {
  it('no-length: the whole file, chunked, without Content-Length; the next download announces it again', async () => {
    const { sim, url } = await started();
    sim.injectAsset({ kind: 'no-length' });
    const answer = await request(url, { dispatcher: assets });
    expect(answer.headers['content-length']).toBeUndefined();
    expect(answer.headers['transfer-encoding']).toBe('chunked');
    const bytes = Buffer.from(await answer.body.arrayBuffer());
    expect(md5(bytes)).toBe(sim.uploadResource(uid('a'))?.attributes.md5);
    const next = await request(url, { dispatcher: assets });
    expect(next.headers['content-length']).toBe('200000');
    await next.body.dump();
  });

  it('endless: no Content-Length, and more bytes than the file for as long as the client reads', async () => {
    const { sim, url } = await started();
    sim.injectAsset({ kind: 'endless' });
    const answer = await request(url, { dispatcher: assets });
    expect(answer.headers['content-length']).toBeUndefined();
    let received = 0;
    for await (const chunk of answer.body) {
      received += (chunk as Buffer).length;
      if (received > 1_000_000) break;
    }
    expect(received).toBeGreaterThan(1_000_000);
  });

  it('refuses an unknown kind, naming the new ones', async () => {
    const { sim } = await started();
    expect(() => sim.injectAsset({ kind: 'forever' as 'endless' })).toThrow(/no-length, endless, got forever/);
  });
});
