import type { BackupRecord } from './backup.ts';
import type { TargetEnvironment } from '../cma/environment.ts';
import { isRecord } from '../common/guards.ts';
import { TRACK_MEDIA_NOT_SAVED } from '../report/run-report.ts';

/**
 * Bumped when a field changes meaning; `backup.schema.json` says what each version holds. 2: an
 * upload's `file` is named by its ID and a safe extension, no longer by its filename; `redacted`.
 */
export const MANIFEST_SCHEMA_VERSION = 2;
/** What every manifest says it is, so that a report or another JSON file is not taken for one. */
export const MANIFEST_KIND = 'datocms-media-cleanup-backup';

export interface ManifestContext {
  readonly tool: { readonly name: string; readonly version: string };
  readonly createdAt: Date;
  readonly baseUrl: string;
  readonly environment: TargetEnvironment | undefined;
  readonly requestedEnvironment: string | undefined;
  /** False when the run stopped before every selected item was saved or refused. */
  readonly complete: boolean;
  /** Hides the API token in text (see secretHider): the caller hides it in the whole text too. */
  readonly hide: (text: string) => string;
}

/** The manifest as text, an upload at a time: the header, the uploads, the tracks, what was not saved. */
export function* manifestText(record: BackupRecord, context: ManifestContext): Generator<string> {
  const environment = context.environment;
  const header = {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    kind: MANIFEST_KIND,
    tool: context.tool,
    createdAt: context.createdAt.toISOString(),
    complete: context.complete,
    baseUrl: context.baseUrl,
    environment: {
      id: environment?.id ?? null,
      primary: environment?.primary ?? null,
      confirmed: environment !== undefined && environment.unconfirmed === undefined,
      requested: context.requestedEnvironment ?? null,
    },
  };
  const head = JSON.stringify(header);
  yield `${head.slice(0, -1)},"uploads":[`;
  let first = true;
  for (const upload of record.uploads.values()) {
    const redacted = redactedAttributes(upload.resource.attributes, context.hide);
    const entry = {
      id: upload.id,
      file: upload.file,
      size: upload.bytes,
      md5: upload.md5,
      resource: upload.resource,
      ...(redacted.length > 0 ? { redacted } : {}),
    };
    yield `${first ? '' : ','}${JSON.stringify(entry)}`;
    first = false;
  }
  const tracks = [...record.tracks.values()].map((track) => ({ ...track, media: TRACK_MEDIA_NOT_SAVED }));
  const notSaved = record.failures.map(({ id, reason, why }) => ({ id, reason, why }));
  yield `],"tracks":${JSON.stringify(tracks)},"notSaved":${JSON.stringify(notSaved)}}\n`;
}

/**
 * The attributes whose value holds the API token, which the manifest shows as `redacted`: a
 * restore then re-creates the upload with that word in its place, and says so.
 */
function redactedAttributes(attributes: unknown, hide: (text: string) => string): string[] {
  if (!isRecord(attributes)) return [];
  return Object.entries(attributes)
    .filter(([, value]) => {
      const text = JSON.stringify(value) ?? '';
      return hide(text) !== text;
    })
    .map(([name]) => name);
}
