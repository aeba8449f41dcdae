/** What the restore's pieces need: the run's seams and host (RunSeams and Host are these), and per upload. */
import type { Dispatcher } from 'undici';
import type { CmaClient } from '../cma/cma-client.ts';
import type { JobPoller } from '../cma/job-poller.ts';
import type { ScopeSeams } from '../cma/run-scope.ts';
import type { Wording } from '../settings/wording.ts';
import type { RestoreResult } from './restore-result.ts';

/** The front door's log, time, cancellation, name and wording, as the restore uses them. */
export interface RestoreSeams extends ScopeSeams {
  readonly log: {
    readonly debug: (message: string) => void;
    readonly info: (message: string) => void;
    readonly warning: (message: string) => void;
  };
  /** How the front door's user sets things, for messages that say what to write. */
  readonly wording: Wording;
}

/** The files around a restore: it writes its ID map through the front door's writer. */
export interface RestoreHost {
  /** Writes `chunks` to `path` (its folder made if need be), whole or not at all. */
  writeText(path: string, chunks: Iterable<string>): void;
}

/** What restoring one upload, or asking an earlier restore's job, needs. */
export interface UploadDeps {
  readonly client: CmaClient;
  readonly poller: JobPoller;
  readonly seams: RestoreSeams;
  readonly host: RestoreHost;
  readonly result: RestoreResult;
  readonly signal: AbortSignal;
  readonly stop: (reason: unknown) => void;
  /** Every upload ID of the backup: none can be a new upload's. */
  readonly oldIds: ReadonlySet<string>;
}

/** An upload's restore also PUTs its file to storage, through the restore's own connection pool. */
export interface StoringDeps extends UploadDeps {
  readonly storage: Dispatcher;
}
