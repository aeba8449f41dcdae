import type { Api } from './cma/api.ts';
import { AssetFaultQueue } from './assets/faults.ts';
import { CA_CERT_PATH, startAssetHost } from './assets/host.ts';
import { facade } from './facade.ts';
import { FaultQueue, RandomFaults } from './cma/faults.ts';
import type { ApiState } from './cma/handlers.ts';
import type { RunningServer } from './common/http-parts.ts';
import { JobBoard } from './cma/jobs.ts';
import { jobRunner } from './cma/job-work.ts';
import { RateLimiter } from './cma/rate-limit.ts';
import type { ResourceView } from './cma/resources.ts';
import { startServer } from './cma/server.ts';
import { resolveSettings, type Settings } from './cma/settings.ts';
import { Stats } from './cma/stats.ts';
import { Storage } from './common/storage.ts';
import { Environments } from './common/store.ts';
import type { Creation, Deletion } from './cma/types.ts';
import type { RecordedRequest } from './common/types.ts';
import type { Simulator, SimulatorOptions } from './types.ts';

export { uploadId } from './cma/ids.ts';
export type * from './types.ts';

/**
 * Absolute path of the asset host's self-signed certificate: trust it with
 * `NODE_EXTRA_CA_CERTS=<path>` in a child process, or `connect: { ca }` in an undici Agent.
 */
export const SIMULATOR_CA_CERT = CA_CERT_PATH;

/** What the CMA and the asset host share: the libraries and the bucket. */
interface World {
  environments: Environments;
  storage: Storage;
  creations: Creation[];
}

function buildApi(settings: Settings, world: World, view: ResourceView): Api {
  const { environments, storage, creations } = world;
  const deletions: Deletion[] = [];
  const undeletable = settings.undeletable;
  const keepsInUse = settings.inUseUploads !== 'delete';
  const jobs = new JobBoard(jobRunner({ environments, undeletable, keepsInUse, deletions, creations, view }));
  const stats = new Stats();
  const state: ApiState = { settings, jobs, faults: new FaultQueue(), stats, deletions, storage, view };
  const limiter = settings.rateLimit ? new RateLimiter(settings.rateLimit) : undefined;
  return { state, environments, limiter, now: () => performance.now() };
}

/** Starts a server; if it cannot listen, closes the one already running rather than leave it behind. */
async function startOrClose(start: () => Promise<RunningServer>, running: RunningServer): Promise<RunningServer> {
  try {
    return await start();
  } catch (error) {
    await running.close();
    throw error;
  }
}

/**
 * Starts a simulated DatoCMS Content Management API on 127.0.0.1 (an ephemeral port by default),
 * with its asset host (https) on another port.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const settings = resolveSettings(options);
  const startedAt = performance.now();
  const world: World = {
    environments: new Environments(settings.environments, settings.seeds),
    storage: new Storage(),
    creations: [],
  };
  const assetFaults = new AssetFaultQueue();
  const assetRequests: RecordedRequest[] = [];
  const assetSite = { ...world, faults: assetFaults, requests: assetRequests, startedAt };
  const assetHost = await startAssetHost(assetSite, options.assetPort ?? 0);
  const api = buildApi(settings, world, { assetOrigin: assetHost.url, md5: settings.md5 });
  const requests: RecordedRequest[] = [];
  const random = settings.randomFaults ? new RandomFaults(settings.randomFaults) : undefined;
  const transport = { api, faults: api.state.faults, random, requests, startedAt };
  const server = await startOrClose(() => startServer(transport, settings.port), assetHost);
  return facade({ api, requests, server, assetHost, assetRequests, assetFaults, creations: world.creations });
}
