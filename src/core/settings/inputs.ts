/**
 * The settings a user gives, by name: the action's inputs (action.yml) and the command's flags
 * (`--name`) are both this list, so that the two front doors, action.yml and docs/inputs.md (written from it) cannot
 * drift apart (a test holds them to it). The API token is not here: the action reads it from
 * `api-token`, the command from DATOCMS_API_TOKEN, never from a flag. A few inputs are the
 * action's alone (`doors: 'action'`: the pull-request comment): they are no flag of the command.
 */
export interface InputSpec {
  readonly name: string;
  /** The default, as action.yml writes it ('' = unset). */
  readonly default: string;
  /** `boolean` inputs are 'true' or 'false'; on the command line they are flags without a value. */
  readonly kind: 'boolean' | 'value';
  /** What a value is, in the command's help (`IDS`, `PATH`...). */
  readonly placeholder?: string;
  /** One line for `--help`. */
  readonly help: string;
  /** A value to show in `--help`. */
  readonly example?: string;
  /** Whether several flags add up (a list); otherwise a second one is refused. */
  readonly repeatable?: boolean;
  /** `action`: an input of the action only, never a flag of the command (it speaks to GitHub). */
  readonly doors?: 'action';
}

const ALL_INPUTS: readonly InputSpec[] = [
  {
    name: 'upload-ids',
    default: '',
    kind: 'value',
    placeholder: 'IDS',
    help: 'upload IDs to delete, separated by commas or spaces (repeatable)',
    example: 'q0VNpiNQSkG6z0lif_O1zg,Tt2XLmAbQ7W1zF6wMuLx0Q',
    repeatable: true,
  },
  {
    name: 'upload-tracks',
    default: '',
    kind: 'value',
    placeholder: 'TRACKS',
    help: 'upload tracks to delete, each UPLOAD_ID/TRACK_ID or UPLOAD_ID/* (repeatable)',
    example: 'q0VNpiNQSkG6z0lif_O1zg/*',
    repeatable: true,
  },
  {
    name: 'upload-ids-file',
    default: '',
    kind: 'value',
    placeholder: 'PATH',
    help: "a text file of upload IDs; blank lines and lines starting with '#' are skipped",
    example: 'obsolete.txt',
  },
  {
    name: 'upload-tracks-file',
    default: '',
    kind: 'value',
    placeholder: 'PATH',
    help: 'a text file of upload-tracks entries, like --upload-ids-file',
    example: 'tracks.txt',
  },
  {
    name: 'scope',
    default: 'ids',
    kind: 'value',
    placeholder: 'ids|library',
    help: 'ids: criteria narrow the given IDs; library: criteria search the whole media library',
    example: 'library',
  },
  {
    name: 'filter',
    default: '',
    kind: 'value',
    placeholder: 'JSON',
    help: 'JSON object sent as filter[fields] of GET /uploads',
    example: '\'{"tags":{"contains":"release-42"}}\'',
  },
  { name: 'query', default: '', kind: 'value', placeholder: 'TEXT', help: 'full-text search', example: 'banner' },
  { name: 'only-unused', default: 'false', kind: 'boolean', help: 'keep only uploads that no record uses' },
  {
    name: 'confirm-unused',
    default: 'false',
    kind: 'boolean',
    help: "before deleting, read each upload's references and keep every one a record links",
  },
  {
    name: 'older-than',
    default: '',
    kind: 'value',
    placeholder: 'AGE|DATE',
    help: 'keep only uploads created before this: 30d, 12h, 2w, or 2026-01-31',
    example: '90d',
  },
  {
    name: 'max-deletions',
    default: '1000',
    kind: 'value',
    placeholder: 'N',
    help: 'stop before deleting anything when more than N items are selected',
    example: '5000',
  },
  { name: 'dry-run', default: 'false', kind: 'boolean', help: 'select and report, delete nothing' },
  {
    name: 'environment',
    default: '',
    kind: 'value',
    placeholder: 'ID',
    help: 'environment to delete in (X-Environment); unset = the primary environment',
    example: 'staging',
  },
  {
    name: 'fail-on-failed',
    default: 'false',
    kind: 'boolean',
    help: 'exit with 1 when any item was not deleted',
  },
  {
    name: 'job-timeout',
    default: '600',
    kind: 'value',
    placeholder: 'SECONDS',
    help: 'seconds to wait for all the deletion jobs, from 1 to 21600',
    example: '1800',
  },
  {
    name: 'delete-endpoint',
    default: 'auto',
    kind: 'value',
    placeholder: 'auto|batch-destroy|bulk-destroy',
    help: 'how uploads are deleted; auto switches to bulk-destroy if batch-destroy is gone',
    example: 'bulk-destroy',
  },
  {
    name: 'verify',
    default: 'false',
    kind: 'boolean',
    help: 'after each upload job, check that its uploads are gone (GET /uploads)',
  },
  {
    name: 'backup-dir',
    default: '',
    kind: 'value',
    placeholder: 'DIR',
    help: 'save every selected upload (file and metadata) in this empty folder before deleting it',
    example: 'media-backup',
  },
  {
    name: 'backup-max-bytes',
    default: '5GB',
    kind: 'value',
    placeholder: 'SIZE',
    help: 'stop before downloading or deleting anything when the backup would be larger (B, KB, MB, GB, TB)',
    example: '20GB',
  },
  {
    name: 'report-file',
    default: '',
    kind: 'value',
    placeholder: 'PATH',
    help: 'where to write the JSON report of every item',
    example: 'cleanup-report.json',
  },
  {
    name: 'restore-from',
    default: '',
    kind: 'value',
    placeholder: 'DIR',
    help: 'restore the uploads of this backup-dir instead of deleting (upload-ids: only those)',
    example: 'media-backup',
  },
  {
    name: 'plan-file',
    default: '',
    kind: 'value',
    placeholder: 'PATH',
    help: "apply this plan (a dry run's report): delete only its items that still qualify",
    example: 'plan.json',
  },
  {
    name: 'plan-sha256',
    default: '',
    kind: 'value',
    placeholder: 'SHA256',
    help: "refuse a plan file whose SHA-256 is not this (the plan run's report-sha256)",
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  },
  {
    name: 'plan-max-age',
    default: '7d',
    kind: 'value',
    placeholder: 'AGE',
    help: 'refuse a plan made longer ago than this: 12h, 7d, 2w',
    example: '2d',
  },
  {
    name: 'base-url',
    default: 'https://site-api.datocms.com',
    kind: 'value',
    placeholder: 'URL',
    help: 'CMA base URL: https, or http to this machine only',
    example: 'http://127.0.0.1:3000',
  },
  {
    name: 'github-token',
    default: '${{ github.token }}',
    kind: 'value',
    doors: 'action',
    help: 'GitHub token for the pull-request comment; never sent to DatoCMS',
  },
  {
    name: 'pr-comment',
    default: 'auto',
    kind: 'value',
    doors: 'action',
    placeholder: 'auto|off',
    help: 'auto: comment on the pull request of the run, when there is one; off: send nothing to GitHub',
  },
  {
    name: 'pr-number',
    default: '',
    kind: 'value',
    doors: 'action',
    placeholder: 'N',
    help: 'comment on this pull request',
    example: '42',
  },
];

/** Every input of action.yml but api-token. */
export const ACTION_INPUTS: readonly InputSpec[] = ALL_INPUTS;

/** The inputs both front doors take: the command's flags. */
export const INPUTS: readonly InputSpec[] = ALL_INPUTS.filter((input) => input.doors !== 'action');

/** The inputs of the action alone, which the command never reads. */
export const ACTION_ONLY_INPUTS: readonly InputSpec[] = ALL_INPUTS.filter((input) => input.doors === 'action');
