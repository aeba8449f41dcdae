/** What a front door hands a run besides its settings: its files, its log, time, cancellation and name. */
import { type Logger } from './delete/cleanup.ts';
import type { Clock } from './common/clock.ts';
import { type Files, type Places } from './settings/files.ts';
import type { Wording } from './settings/wording.ts';

/** The files around a run: the list files it reads, where it stands, and the report it writes. */
export interface Host {
  readonly files: Files;
  readonly places: Places;
  /** Writes `chunks` to `path` (its folder made if need be), whole or not at all. */
  writeText(path: string, chunks: Iterable<string>): void;
}

/** Where the run's lines go; each front door renders them its own way. */
export interface RunLog extends Logger {
  readonly debug: (message: string) => void;
}

/** What a run needs besides its settings: the front door's log, time, cancellation and name. */
export interface RunSeams {
  readonly log: RunLog;
  readonly clock: Clock;
  /** Aborted on SIGINT/SIGTERM: the run stops submitting and polling, and reports what it knows. */
  readonly cancelled: AbortSignal;
  /** Named in the report and, as `name/version`, in the User-Agent. */
  readonly tool: { readonly name: string; readonly version: string };
  /** How the front door's user sets things, for messages that say what to write. */
  readonly wording: Wording;
}
