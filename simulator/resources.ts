import { PRIMARY, type Settings } from './settings.ts';
import type { StoredTrack, StoredUpload } from './store.ts';

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

/** JSON:API `upload` resource with the attributes the CMA documents. */
export function uploadResource(upload: StoredUpload) {
  const dot = upload.filename.lastIndexOf('.');
  const basename = dot > 0 ? upload.filename.slice(0, dot) : upload.filename;
  const format = dot > 0 ? upload.filename.slice(dot + 1).toLowerCase() : null;
  const path = `/1/${upload.id}/${upload.filename}`;
  return {
    id: upload.id,
    type: 'upload',
    attributes: {
      size: upload.size,
      width: null,
      height: null,
      path,
      basename,
      filename: upload.filename,
      url: `https://www.datocms-assets.com${path}`,
      format,
      author: null,
      copyright: null,
      notes: null,
      md5: null,
      duration: null,
      frame_rate: null,
      blurhash: null,
      thumbhash: null,
      mux_playback_id: null,
      mux_mp4_highest_res: null,
      default_field_metadata: {},
      is_image: format === 'jpg' || format === 'png' || format === 'gif' || format === 'webp',
      created_at: upload.createdAt,
      updated_at: upload.createdAt,
      mime_type: null,
      tags: [...upload.tags],
      smart_tags: [],
      exif_info: {},
      colors: [],
      ...upload.listedAttributes,
    },
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
