import type { DefaultFieldMetadata } from '../common/types.ts';

/** Why a body was refused: becomes a 422 `INVALID_FIELD` naming the field. */
export interface FieldRefusal {
  field: string;
  code: 'VALIDATION_REQUIRED' | 'VALIDATION_INVALID';
  message: string;
}

/** The attributes and relationship of `POST /uploads` the simulator keeps. */
export interface CreateParams {
  path: string;
  author: string | null;
  copyright: string | null;
  notes: string | null;
  defaultFieldMetadata: DefaultFieldMetadata | undefined;
  tags: string[];
  uploadCollection: string | null;
}

const MEDIA_TYPES = new Set(['application/json', 'application/vnd.api+json']);
/** The keys of `default_field_metadata` the docs give (see ../shared/datocms-cma.md, "Upload attributes"). */
const METADATA_KEYS = new Set(['alt', 'title', 'custom_data', 'focal_point', 'poster_time']);

type Fields = Record<string, unknown>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isFieldRefusal(value: unknown): value is FieldRefusal {
  return isRecord(value) && typeof value.field === 'string' && typeof value.message === 'string';
}

const invalid = (field: string, message: string): FieldRefusal => ({ field, code: 'VALIDATION_INVALID', message });

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** `data` of a JSON:API body of that type; both media types the docs and the client use are accepted. */
function resourceOf(contentType: string, body: string, type: string): Fields | FieldRefusal {
  const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (!MEDIA_TYPES.has(mediaType)) return invalid('content-type', `expected application/json, got "${contentType}"`);
  const parsed = parseJson(body);
  if (!isRecord(parsed) || !isRecord(parsed.data)) return invalid('data', 'expected a JSON:API body with data');
  if (parsed.data.type !== type) return invalid('type', `expected "${type}", got ${JSON.stringify(parsed.data.type)}`);
  if (!isRecord(parsed.data.attributes)) return invalid('attributes', 'expected an object');
  return parsed.data;
}

/** `relationships.upload_collection.data`: null, or an upload_collection linkage. */
function collectionOf(resource: Fields): string | null | FieldRefusal {
  const relationships = resource.relationships;
  if (relationships === undefined) return null;
  if (!isRecord(relationships)) return invalid('relationships', 'expected an object');
  const relation = relationships.upload_collection;
  if (relation === undefined) return null;
  const data = isRecord(relation) ? relation.data : undefined;
  if (data === null) return null;
  if (isRecord(data) && data.type === 'upload_collection' && typeof data.id === 'string' && data.id !== '') {
    return data.id;
  }
  return invalid('upload_collection', 'expected null or {"type":"upload_collection","id":...}');
}

/** `POST /upload-requests`: a non-empty filename, which becomes the last segment of a storage path. */
export function uploadRequestParams(contentType: string, body: string): { filename: string } | FieldRefusal {
  const resource = resourceOf(contentType, body, 'upload_request');
  if (isFieldRefusal(resource)) return resource;
  const collection = collectionOf(resource);
  if (isFieldRefusal(collection)) return collection;
  const filename = (resource.attributes as Fields).filename;
  if (typeof filename !== 'string' || filename === '') {
    return { field: 'filename', code: 'VALIDATION_REQUIRED', message: 'expected a non-empty string' };
  }
  if (filename.includes('/')) return invalid('filename', `a filename, not a path: "${filename}"`);
  return { filename };
}

function text(attributes: Fields, field: string): string | null | FieldRefusal {
  const value = attributes[field];
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : invalid(field, 'expected a string or null');
}

function tags(attributes: Fields): string[] | FieldRefusal {
  const value: unknown = attributes.tags ?? [];
  const ok = Array.isArray(value) && value.every((tag): tag is string => typeof tag === 'string');
  return ok ? [...value] : invalid('tags', 'expected an array of strings');
}

const byLocale = (value: unknown, check: (item: unknown) => boolean) =>
  isRecord(value) && Object.values(value).every(check);

/** The documented shape only: an unknown key (e.g. a locale at the top) is refused, as the API's schema does. */
function metadataProblem(value: Fields): string | undefined {
  const unknown = Object.keys(value).find((key) => !METADATA_KEYS.has(key));
  if (unknown !== undefined) return `unknown key "${unknown}" (expected ${[...METADATA_KEYS].join(', ')})`;
  const localizedText = (item: unknown) => item === null || typeof item === 'string';
  if (value.alt !== undefined && !byLocale(value.alt, localizedText)) return 'alt: expected strings by locale';
  if (value.title !== undefined && !byLocale(value.title, localizedText)) return 'title: expected strings by locale';
  if (value.custom_data !== undefined && !byLocale(value.custom_data, isRecord)) {
    return 'custom_data: expected objects by locale';
  }
  const point = value.focal_point;
  const inUnit = (n: unknown) => typeof n === 'number' && n >= 0 && n <= 1;
  if (point !== undefined && point !== null && !(isRecord(point) && inUnit(point.x) && inUnit(point.y))) {
    return 'focal_point: expected null or {x, y} between 0 and 1';
  }
  const poster = value.poster_time;
  if (poster !== undefined && poster !== null && !(typeof poster === 'number' && poster >= 0)) {
    return 'poster_time: expected null or seconds';
  }
  return undefined;
}

function metadata(attributes: Fields): DefaultFieldMetadata | undefined | FieldRefusal {
  const value = attributes.default_field_metadata;
  if (value === undefined) return undefined;
  if (!isRecord(value)) return invalid('default_field_metadata', 'expected an object');
  const problem = metadataProblem(value);
  return problem === undefined ? value : invalid('default_field_metadata', problem);
}

/** `POST /uploads`: the path of an upload request, and the metadata the new upload gets. */
export function createUploadParams(contentType: string, body: string): CreateParams | FieldRefusal {
  const resource = resourceOf(contentType, body, 'upload');
  if (isFieldRefusal(resource)) return resource;
  const attributes = resource.attributes as Fields;
  if (typeof attributes.path !== 'string' || attributes.path === '') {
    return { field: 'path', code: 'VALIDATION_REQUIRED', message: 'expected the id of an upload request' };
  }
  const params = {
    path: attributes.path,
    author: text(attributes, 'author'),
    copyright: text(attributes, 'copyright'),
    notes: text(attributes, 'notes'),
    defaultFieldMetadata: metadata(attributes),
    tags: tags(attributes),
    uploadCollection: collectionOf(resource),
  };
  const refused = Object.values(params).find(isFieldRefusal);
  return refused ?? (params as CreateParams);
}
