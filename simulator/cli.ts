/**
 * Runs the simulator until SIGINT or SIGTERM:
 *   node simulator/cli.ts [--port N] [--asset-port N] [--uploads N] [--latency MS] [--rate-limit 60/3000]
 * Prints `{"url":"http://127.0.0.1:PORT","assetUrl":"https://127.0.0.1:PORT","caCert":"/abs/cert.pem",
 * "token":"sim-token","uploadIds":[...]}` on one line once it listens (`uploadIds`: the first ten
 * seeded uploads; `caCert`: what NODE_EXTRA_CA_CERTS must name for a client to trust the asset
 * host). `npm run simulator -- ...` runs it.
 */
import { parseArgs } from 'node:util';
import { SIMULATOR_CA_CERT, startSimulator, uploadId } from './index.ts';

/** How many of the seeded uploads' IDs the ready line names. */
const SAMPLE_IDS = 10;
import type { SimulatorOptions } from './types.ts';

function wholeNumber(flag: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new Error(`--${flag} expects a whole number, got "${value}"`);
  return Number(value);
}

/** `60/3000` = 60 requests per 3000 ms; `off` disables the limit. */
function rateLimit(value: string): SimulatorOptions['rateLimit'] {
  if (value === 'off') return false;
  const match = /^(\d+)\/(\d+)$/.exec(value);
  if (!match) throw new Error(`--rate-limit expects LIMIT/WINDOW_MS (e.g. 60/3000) or off, got "${value}"`);
  return { limit: Number(match[1]), windowMs: Number(match[2]) };
}

export function optionsFromArgs(args: string[]): SimulatorOptions {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      'asset-port': { type: 'string' },
      uploads: { type: 'string' },
      latency: { type: 'string' },
      'rate-limit': { type: 'string' },
    },
  });
  const options: SimulatorOptions = {};
  if (values.port !== undefined) options.port = wholeNumber('port', values.port);
  if (values['asset-port'] !== undefined) options.assetPort = wholeNumber('asset-port', values['asset-port']);
  if (values.uploads !== undefined) options.uploads = wholeNumber('uploads', values.uploads);
  if (values.latency !== undefined) options.jobLatencyMs = wholeNumber('latency', values.latency);
  if (values['rate-limit'] !== undefined) options.rateLimit = rateLimit(values['rate-limit']);
  return options;
}

async function main(): Promise<void> {
  const options = optionsFromArgs(process.argv.slice(2));
  const simulator = await startSimulator(options);
  // The first uploads' IDs, for a smoke test that deletes a few of them by ID.
  const seeded = typeof options.uploads === 'number' ? options.uploads : 0;
  const uploadIds = Array.from({ length: Math.min(seeded, SAMPLE_IDS) }, (_, n) => uploadId(n));
  const ready = {
    url: simulator.url,
    assetUrl: simulator.assetUrl,
    caCert: SIMULATOR_CA_CERT,
    token: options.token ?? 'sim-token',
    uploadIds,
  };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  const stop = () => void simulator.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
