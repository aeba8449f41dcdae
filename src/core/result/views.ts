/**
 * What the result reads of a backup and of a plan: backup/ and plan/ fill these in, the result
 * never makes either.
 */

/**
 * What a backup saved, as the result, the report and the summaries read it: backup/'s
 * `BackupRecord` is one. The result holds it without knowing how a backup is made.
 */
export interface SavedBackup {
  /** The backup folder, absolute. */
  readonly dir: string;
  readonly manifestPath: string;
  readonly manifestWritten: boolean;
  /** This run made the folder's files/: the folder is its own. */
  readonly claimed: boolean;
  /** Uploads saved, by ID: the file (relative to `dir`) and its MD5. */
  readonly uploads: ReadonlyMap<string, { readonly file: string; readonly md5: string }>;
  /** Tracks saved (metadata only), by `UPLOAD_ID/TRACK_ID`. */
  readonly tracks: ReadonlyMap<string, unknown>;
  readonly savedBytes: number;
  /** Items not saved, and so not deleted. */
  readonly failures: readonly unknown[];
  readonly skipped: readonly unknown[];
}

/** The plan a run applies, as the result and the report read it: plan/'s `Plan` is one. */
export interface AppliedPlan {
  /** `plan-file` as given, and resolved. */
  readonly file: string;
  readonly path: string;
  /** SHA-256 (hex) of the file as read. */
  readonly sha256: string;
  /** Its `startedAt`. */
  readonly madeAt: Date;
  readonly uploads: readonly unknown[];
  readonly tracks: readonly unknown[];
  /** What holds it to what was reviewed: its seal, `plan-sha256`, or both. */
  readonly binding: 'seal' | 'sha256' | 'seal+sha256';
  /** Items its dry run sealed that were taken out of the file since: not deleted. */
  readonly removed: number;
}
