export interface SeedTrack {
  id: string;
  /** Default `'subtitles'`. */
  type?: 'subtitles' | 'audio';
  /** Default `'Track <id>'`. */
  name?: string;
  /** Default `'en'`. */
  languageCode?: string;
}

/**
 * `default_field_metadata` as the docs give it: `alt`, `title` and `custom_data` keyed by locale,
 * `focal_point` and `poster_time` one value per asset. A key left out lists its empty value.
 */
export interface DefaultFieldMetadata {
  alt?: Record<string, string | null>;
  title?: Record<string, string | null>;
  custom_data?: Record<string, Record<string, unknown>>;
  focal_point?: { x: number; y: number } | null;
  poster_time?: number | null;
}

export interface SeedUpload {
  id: string;
  /** Default `'<id>.jpg'`. */
  filename?: string;
  /** Bytes. Default: the length of `content`, else `1024`. */
  size?: number;
  /**
   * The file's bytes (a string is UTF-8). Default: `size` bytes generated from the id, the same
   * in every run.
   */
  content?: string | Uint8Array;
  /** Default `null`. */
  author?: string | null;
  /** Default `null`. */
  copyright?: string | null;
  /** Default `null`. */
  notes?: string | null;
  /** Default: every key empty (`{ alt: {}, title: {}, custom_data: {}, focal_point: null, poster_time: null }`). */
  defaultFieldMetadata?: DefaultFieldMetadata;
  /** ID of the upload collection the upload is in. Default `null`. */
  uploadCollection?: string | null;
  /** Default: told from the filename's extension (`application/octet-stream` if unknown). */
  mimeType?: string;
  /** Pixels, listed as `width` and `height` (and read by the `orientation` and `resolution` filters). Default `null`. */
  width?: number | null;
  height?: number | null;
  /** ISO 8601. Default `'2024-01-01T00:00:00.000Z'`. */
  createdAt?: string;
  /** Default `[]`. */
  tags?: string[];
  /**
   * Referenced by records; only visible through the `in_use` filter (and not through
   * `GET /uploads/:id/references`, which lists `references`). Default `false`.
   */
  inUse?: boolean;
  /**
   * The records that link the upload, listed by `GET /uploads/:id/references`: in their current
   * (draft, latest) version, their published version, or both. An upload with any is in use for
   * deletions (as `inUse`); what the `in_use` filter counts is the `inUseFilter` option. Default `[]`.
   */
  references?: SeedReference[];
  /** Default `[]`. */
  tracks?: SeedTrack[];
  /**
   * Attributes listed instead of the real ones, as a broken API might (e.g. `{ created_at:
   * undefined }` lists no `created_at`, while filters still use `createdAt`). Default: none.
   */
  listedAttributes?: Record<string, unknown>;
}

/** A record that links an upload (an `item` of `GET /uploads/:id/references`). */
export interface SeedReference {
  /** The record's ID. */
  id: string;
  /** Its model's ID, listed as `relationships.item_type.data.id`. Default: `'article'`. */
  itemType?: string;
  /** Which of the record's versions link the upload. */
  version: 'current' | 'published' | 'both';
}

export interface RecordedRequest {
  /** Arrival, in ms since the simulator started. */
  time: number;
  method: string;
  /** Pathname, percent-decoded. */
  path: string;
  /** Decoded query parameters, e.g. `{ 'filter[ids]': 'a,b' }` (last value wins). */
  query: Record<string, string>;
  /** The query string as sent (without `?`), e.g. to read a repeated `key[]` with `URLSearchParams.getAll`. */
  search: string;
  /** Lowercased names, values as received (authorization included). */
  headers: Record<string, string>;
  body: string;
  /** `X-Environment` as sent, or `'primary'`. */
  environment: string;
  /** Status answered; `0` while pending or when the connection was dropped. */
  status: number;
  /** When the answer was sent, in ms since the simulator started; `0` while pending or dropped. */
  answeredAt: number;
}
