/** Why an item was not deleted, in the words the summary, the log and the report use. */
export type FailureReason =
  | 'in use by records'
  | 'still exists after its job'
  | 'not found'
  | 'track not found'
  | 'refused'
  | typeof SANDBOX_TRACK
  | typeof BACKUP_FAILED;

/** The upload or track could not be saved in backup-dir, so it was not deleted. */
export const BACKUP_FAILED = 'backup failed';

/** The API's IMMUTABLE_UPLOAD_TRACKS_IN_SANDBOX_ENVIRONMENT, as a reason (the report's vocabulary). */
export const SANDBOX_TRACK = 'tracks cannot be deleted in a sandbox';
/** The same, in words that say what to do, for the log and the summary. */
export const SANDBOX_TRACK_WORDS =
  'upload tracks cannot be deleted in a sandbox environment; run against the primary environment';

/**
 * Why a selected item was skipped: applying a plan, it changed since the plan was made, so it is
 * not what was reviewed; in any run, a listing made after the selection (the backup's) shows it
 * no longer matches the criteria; with `confirm-unused`, its references name records (`in use by
 * records`) or could not be read ({@link NOT_CONFIRMED}). It is not deleted (counted neither
 * deleted nor failed).
 */
export type SkipReason =
  | 'gone since the plan'
  | 'in use by records'
  | "no longer matches the plan's criteria"
  | 'file changed since the plan'
  | 'upload gone since the plan'
  | 'track gone since the plan'
  | 'no longer matches the criteria'
  | typeof NOT_CONFIRMED;

/** `confirm-unused`: the upload's references could not be read, or not trusted, so it is kept. */
export const NOT_CONFIRMED = 'not confirmed unused';

export const SKIP_REASONS: readonly SkipReason[] = [
  'gone since the plan',
  'in use by records',
  "no longer matches the plan's criteria",
  'file changed since the plan',
  'upload gone since the plan',
  'track gone since the plan',
  'no longer matches the criteria',
  NOT_CONFIRMED,
];
