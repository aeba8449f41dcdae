import type { Api } from './cma/api.ts';
import type { AssetFaultQueue } from './assets/faults.ts';
import type { RunningServer } from './common/http-parts.ts';
import { uploadResource } from './cma/resources.ts';
import { PRIMARY } from './common/store.ts';
import type { Creation } from './cma/types.ts';
import type { RecordedRequest } from './common/types.ts';
import type { Simulator } from './types.ts';

/** The running parts the `Simulator` object reads and drives. */
export interface Parts {
  api: Api;
  requests: RecordedRequest[];
  server: RunningServer;
  assetHost: RunningServer;
  assetRequests: RecordedRequest[];
  assetFaults: AssetFaultQueue;
  creations: Creation[];
}

/** Jobs complete lazily, so every look at the state settles the due jobs first. */
export function facade(parts: Parts): Simulator {
  const { api, server, assetHost } = parts;
  const { environments, state } = api;
  const settle = () => state.jobs.settle(api.now());
  const library = (environment: string) => {
    settle();
    return environments.get(environment);
  };
  return {
    url: server.url,
    assetUrl: assetHost.url,
    requests: parts.requests,
    assetRequests: parts.assetRequests,
    get deletions() {
      settle();
      return state.deletions;
    },
    get creations() {
      settle();
      return parts.creations;
    },
    stats: () => state.stats.snapshot(),
    uploadExists: (id, environment = PRIMARY) => library(environment).get(id) !== undefined,
    trackExists: (uploadId, trackId, environment = PRIMARY) =>
      library(environment).track(uploadId, trackId) !== undefined,
    addUpload(upload, environment = PRIMARY) {
      library(environment).add(upload);
    },
    removeUpload: (id, environment = PRIMARY) => library(environment).deleteUpload(id),
    removeTrack: (uploadId, trackId, environment = PRIMARY) => library(environment).deleteTrack(uploadId, trackId),
    inject: (fault) => state.faults.add(fault),
    injectAsset: (fault) => parts.assetFaults.add(fault),
    uploadFile: (id, environment = PRIMARY) => library(environment).get(id)?.content.bytes(),
    uploadResource(id, environment = PRIMARY) {
      const upload = library(environment).get(id);
      return upload && uploadResource(upload, state.view);
    },
    uploads: (environment = PRIMARY) =>
      [...library(environment).uploads.values()].map((upload) => uploadResource(upload, state.view)),
    jobs() {
      settle();
      return state.jobs.list();
    },
    close: () => Promise.all([server.close(), assetHost.close()]).then(() => undefined),
  };
}
