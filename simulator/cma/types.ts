export interface Deletion {
  kind: 'upload' | 'track';
  /** `'primary'` or the sandbox name. */
  environment: string;
  uploadId: string;
  trackId?: string;
  /** The job that deleted it; `''` for the synchronous `DELETE /uploads/:id`. */
  jobId: string;
}

export interface FaultMatch {
  method?: string;
  /** A string matches as a pathname prefix; a RegExp is tested against the pathname. */
  path?: string | RegExp;
}

export interface Fault {
  /** Omitted: any request. */
  match?: FaultMatch;
  /** How many matching requests it applies to. Default `1`. */
  times?: number;
  /** Matching requests to let through untouched before it applies. Default `0`. */
  after?: number;
  /** Answer this status instead of the real handling. */
  status?: number;
  /** Body of the `status` answer. Default: a small HTML page for 5xx, empty otherwise. */
  body?: string;
  /** Default `'text/html; charset=utf-8'`. */
  contentType?: string;
  headers?: Record<string, string>;
  /** Wait before answering (then normal handling unless `status` or `drop` is given). */
  delayMs?: number;
  /** Destroy the socket without answering. */
  drop?: boolean;
  /** Handle the request for real (a job may start, uploads may go), then destroy the socket instead of answering. */
  loseAnswer?: boolean;
  /** The job the request starts completes with this `attributes.status` and an error payload; nothing deleted. */
  jobStatus?: number;
  /** The job the request starts takes this long (1e9: never finishes). */
  jobLatencyMs?: number;
  /** The job the request starts does its work, then reports this `attributes.payload` instead of its own. */
  jobPayload?: unknown;
  /** The job the request starts reports every item deleted (status 200, true-looking counts) and deletes nothing. */
  jobLies?: boolean;
  /**
   * Runs once the request was handled, before its answer is sent: a change to the library made
   * right after the API answered (e.g. a file replaced between two listings of a run).
   */
  andThen?: () => void;
}

export interface JobInfo {
  id: string;
  kind: JobKind;
  done: boolean;
}

export type JobKind = 'batch' | 'bulk' | 'track' | 'create';

/** An upload created by `POST /uploads`, appended when its job completes. */
export interface Creation {
  /** `'primary'` or the sandbox name. */
  environment: string;
  uploadId: string;
  /** The `path` the request named (the upload request's id). */
  path: string;
  jobId: string;
}

/** A JSON:API `upload` resource as the API lists it. */
export interface UploadResource {
  id: string;
  type: 'upload';
  attributes: Record<string, unknown>;
  relationships: { upload_collection: { data: { type: 'upload_collection'; id: string } | null } };
}

export interface SimulatorStats {
  requests: number;
  byStatus: Record<number, number>;
  rateLimited: number;
  faults: number;
}
