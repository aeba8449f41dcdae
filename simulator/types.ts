import type { AssetFault } from './assets/types.ts';
import type { CmaOptions } from './cma/options.ts';
import type { Creation, Deletion, Fault, JobInfo, SimulatorStats, UploadResource } from './cma/types.ts';
import type { RecordedRequest, SeedUpload } from './common/types.ts';

export type * from './assets/types.ts';
export type * from './cma/options.ts';
export type * from './cma/types.ts';
export type * from './common/types.ts';

/** Options of {@link startSimulator}. Every field is optional. */
export interface SimulatorOptions extends CmaOptions {
  /** TCP port of the https asset host on 127.0.0.1. Default `0` (ephemeral). */
  assetPort?: number;
}

export interface Simulator {
  /** `'http://127.0.0.1:PORT'`. */
  url: string;
  /** The asset host's origin, `'https://127.0.0.1:PORT'`: every upload's `url` starts with it. */
  assetUrl: string;
  /** Every request, in arrival order. */
  requests: RecordedRequest[];
  /** Every request to the asset host (downloads and storage PUTs), in arrival order. */
  assetRequests: RecordedRequest[];
  /** Every upload and track actually deleted, in order of deletion. */
  deletions: Deletion[];
  /** Every upload created by `POST /uploads`, in order of creation. */
  creations: Creation[];
  stats(): SimulatorStats;
  uploadExists(id: string, environment?: string): boolean;
  trackExists(uploadId: string, trackId: string, environment?: string): boolean;
  /** Adds an upload, or replaces the one with its ID (its file, tags, in_use... as `upload` says). */
  addUpload(upload: SeedUpload, environment?: string): void;
  /**
   * Removes an upload as someone else would (another script, the UI): not a deletion of this
   * client's, so not in `deletions`. False when it was not there.
   */
  removeUpload(id: string, environment?: string): boolean;
  /** Removes one track of an upload, the same way. */
  removeTrack(uploadId: string, trackId: string, environment?: string): boolean;
  /** Queued; applies to the next `times` matching requests. */
  inject(fault: Fault): void;
  /** Queued; applies to the next `times` matching requests to the asset host. */
  injectAsset(fault: AssetFault): void;
  /** The bytes the asset host serves for that upload; undefined when it is not in that environment. */
  uploadFile(id: string, environment?: string): Buffer | undefined;
  /** The upload as `GET /uploads` lists it; undefined when it is not in that environment. */
  uploadResource(id: string, environment?: string): UploadResource | undefined;
  /** Every upload of that environment as listed, in listing order. */
  uploads(environment?: string): UploadResource[];
  jobs(): JobInfo[];
  /** Closes both servers and every socket, clears timers. */
  close(): Promise<void>;
}
