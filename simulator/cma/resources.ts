import { PRIMARY, type StoredTrack, type StoredUpload } from '../common/store.ts';
import type { Settings } from './settings.ts';
import type { DefaultFieldMetadata } from '../common/types.ts';
import type { UploadResource } from './types.ts';

/** JSON:API `environment` resource, as `GET /environments/:id` documents it; `name` is internal (`'primary'`). */
export function environmentResource(settings: Settings, name: string) {
  const primary = name === PRIMARY;
  return {
    id: primary ? settings.primaryId : name,
    type: 'environment',
    meta: {
      status: 'ready',
      created_at: '2024-01-01T00:00:00.000Z',
      read_only_mode: settings.readOnly.has(name),
      last_data_change_at: '2024-01-01T00:00:00.000Z',
      primary,
      forked_from: primary ? null : settings.primaryId,
    },
  };
}

/** What an upload resource depends on beyond the upload: where the asset host is, whether md5s are listed. */
export interface ResourceView {
  /** `https://127.0.0.1:PORT`. */
  readonly assetOrigin: string;
  /** `md5: 'real'`; else `md5` is listed `null`. */
  readonly md5: boolean;
}

/** An upload's `path`: `/1/<id>/<filename>`, or the storage path it was created from. */
export function uploadPath(upload: StoredUpload): string {
  return upload.storagePath ?? `/1/${upload.id}/${upload.filename}`;
}

const URL_SAFE = /^[\w.~-]*$/;
/** Most segments need no encoding: testing is cheaper than encoding, for libraries of 100,000 uploads. */
const encodeSegment = (segment: string) => (URL_SAFE.test(segment) ? segment : encodeURIComponent(segment));

/** The file on the asset host; each segment is percent-encoded, so any filename makes a valid URL. */
export function assetUrl(view: ResourceView, upload: StoredUpload): string {
  if (upload.storagePath !== undefined) {
    return `${view.assetOrigin}${upload.storagePath.split('/').map(encodeSegment).join('/')}`;
  }
  return `${view.assetOrigin}/1/${encodeSegment(upload.id)}/${encodeSegment(upload.filename)}`;
}

/** The documented keys, each empty: what an upload given none lists (shared, so frozen). */
const EMPTY_METADATA = Object.freeze({
  alt: Object.freeze({}),
  title: Object.freeze({}),
  custom_data: Object.freeze({}),
  focal_point: null,
  poster_time: null,
});
const NO_COLLECTION = Object.freeze({ upload_collection: Object.freeze({ data: null }) });

/** A key the upload was not given lists its empty value. */
function defaultFieldMetadata(given: DefaultFieldMetadata | undefined) {
  return given === undefined ? EMPTY_METADATA : { ...EMPTY_METADATA, ...structuredClone(given) };
}

function relationships(collection: string | null): UploadResource['relationships'] {
  return collection === null
    ? NO_COLLECTION
    : { upload_collection: { data: { type: 'upload_collection', id: collection } } };
}

/** JSON:API `upload` resource with the attributes the CMA documents. */
export function uploadResource(upload: StoredUpload, view: ResourceView): UploadResource {
  const dot = upload.filename.lastIndexOf('.');
  const basename = dot > 0 ? upload.filename.slice(0, dot) : upload.filename;
  const format = dot > 0 ? upload.filename.slice(dot + 1).toLowerCase() : null;
  return {
    id: upload.id,
    type: 'upload',
    attributes: {
      size: upload.size,
      width: upload.width,
      height: upload.height,
      path: uploadPath(upload),
      basename,
      filename: upload.filename,
      url: assetUrl(view, upload),
      format,
      author: upload.author,
      copyright: upload.copyright,
      notes: upload.notes,
      md5: view.md5 ? upload.content.md5() : null,
      duration: null,
      frame_rate: null,
      blurhash: null,
      thumbhash: null,
      mux_playback_id: null,
      mux_mp4_highest_res: null,
      default_field_metadata: defaultFieldMetadata(upload.defaultFieldMetadata),
      is_image: format === 'jpg' || format === 'png' || format === 'gif' || format === 'webp',
      created_at: upload.createdAt,
      updated_at: upload.createdAt,
      mime_type: upload.mimeType,
      tags: [...upload.tags],
      smart_tags: [],
      exif_info: {},
      colors: [],
      ...upload.listedAttributes,
    },
    relationships: relationships(upload.uploadCollection),
  };
}

/** JSON:API `upload_track` resource, as in the "Delete an upload track" job payload. */
export function trackResource(uploadId: string, track: StoredTrack) {
  return {
    type: 'upload_track',
    id: track.id,
    attributes: {
      type: track.type,
      name: track.name,
      language_code: track.languageCode,
      closed_captions: false,
      status: 'ready',
      error: null,
    },
    relationships: { upload: { data: { type: 'upload', id: uploadId } } },
  };
}
