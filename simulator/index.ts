import type { Api } from './api.ts';
import { FaultQueue, RandomFaults } from './faults.ts';
import type { ApiState } from './handlers.ts';
import { JobBoard } from './jobs.ts';
import { jobRunner } from './job-work.ts';
import { RateLimiter } from './rate-limit.ts';
import { startServer, type RunningServer } from './server.ts';
import { PRIMARY, resolveSettings, type Settings } from './settings.ts';
import { Stats } from './stats.ts';
import { Environments } from './store.ts';
import type { Deletion, RecordedRequest, Simulator, SimulatorOptions } from './types.ts';

export { uploadId } from './ids.ts';
export type * from './types.ts';

function buildApi(settings: Settings): Api {
  const environments = new Environments(settings.environments, settings.seeds);
  const deletions: Deletion[] = [];
  const undeletable = settings.undeletable;
  const keepsInUse = settings.inUseUploads !== 'delete';
  const jobs = new JobBoard(jobRunner({ environments, undeletable, keepsInUse, deletions }));
  const stats = new Stats();
  const state: ApiState = { settings, jobs, faults: new FaultQueue(), stats, deletions };
  const limiter = settings.rateLimit ? new RateLimiter(settings.rateLimit) : undefined;
  return { state, environments, limiter, now: () => performance.now() };
}

/** Jobs complete lazily, so every look at the state settles the due jobs first. */
function facade(api: Api, requests: RecordedRequest[], server: RunningServer): Simulator {
  const { environments, state } = api;
  const settle = () => state.jobs.settle(api.now());
  return {
    url: server.url,
    requests,
    get deletions() {
      settle();
      return state.deletions;
    },
    stats: () => state.stats.snapshot(),
    uploadExists(id, environment = PRIMARY) {
      settle();
      return environments.get(environment).get(id) !== undefined;
    },
    trackExists(uploadId, trackId, environment = PRIMARY) {
      settle();
      return environments.get(environment).track(uploadId, trackId) !== undefined;
    },
    addUpload(upload, environment = PRIMARY) {
      settle();
      environments.get(environment).add(upload);
    },
    inject: (fault) => state.faults.add(fault),
    jobs() {
      settle();
      return state.jobs.list();
    },
    close: () => server.close(),
  };
}

/** Starts a simulated DatoCMS Content Management API on 127.0.0.1 (an ephemeral port by default). */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const settings = resolveSettings(options);
  const api = buildApi(settings);
  const requests: RecordedRequest[] = [];
  const random = settings.randomFaults ? new RandomFaults(settings.randomFaults) : undefined;
  const transport = { api, faults: api.state.faults, random, requests, startedAt: api.now() };
  const server = await startServer(transport, settings.port);
  return facade(api, requests, server);
}
