import { UploadContent } from './content.ts';
import { mimeTypeOf } from './mime.ts';
import type { DefaultFieldMetadata, SeedReference, SeedTrack, SeedUpload } from './types.ts';

/** The primary environment's internal name: its library's key, and what recorded requests and deletions call it. */
export const PRIMARY = 'primary';

export interface StoredTrack {
  id: string;
  type: 'subtitles' | 'audio';
  name: string;
  languageCode: string;
}

export interface StoredUpload {
  id: string;
  /** Insertion rank: listings are ordered by it so that pages are stable. */
  seq: number;
  filename: string;
  size: number;
  createdAt: string;
  tags: string[];
  inUse: boolean;
  /** The records that link it, as `GET /uploads/:id/references` lists them. */
  references: SeedReference[];
  tracks: Map<string, StoredTrack>;
  /** Listed instead of the real attributes. */
  listedAttributes: Record<string, unknown>;
  /** The file; seeded uploads share theirs across environments. */
  content: UploadContent;
  author: string | null;
  copyright: string | null;
  notes: string | null;
  /** As given; the listing fills in the keys left out. */
  defaultFieldMetadata: DefaultFieldMetadata | undefined;
  uploadCollection: string | null;
  mimeType: string;
  /** Pixels, for images; null otherwise (listed as given). */
  width: number | null;
  height: number | null;
  /** Created by `POST /uploads`: the storage path it was made from. Seeds: `/1/<id>/<filename>`. */
  storagePath?: string;
}

const DEFAULT_CREATED_AT = '2024-01-01T00:00:00.000Z';

function toStoredTrack(seed: SeedTrack): StoredTrack {
  return {
    id: seed.id,
    type: seed.type ?? 'subtitles',
    name: seed.name ?? `Track ${seed.id}`,
    languageCode: seed.languageCode ?? 'en',
  };
}

/** A seed's file: its `content`, else bytes generated from its id and `size`. */
export function contentOf(seed: SeedUpload): UploadContent {
  if (seed.content === undefined) return UploadContent.generated(seed.id, seed.size ?? 1024);
  const content = UploadContent.of(seed.content);
  if (seed.size !== undefined && seed.size !== content.size) {
    throw new Error(`Upload "${seed.id}": size ${seed.size} but content of ${content.size} bytes`);
  }
  return content;
}

/** A seed with its defaults applied; `seq` is its rank in listings. */
export function storedUpload(seed: SeedUpload, seq: number, content = contentOf(seed)): StoredUpload {
  const filename = seed.filename ?? `${seed.id}.jpg`;
  return {
    id: seed.id,
    seq,
    filename,
    size: content.size,
    createdAt: seed.createdAt ?? DEFAULT_CREATED_AT,
    tags: [...(seed.tags ?? [])],
    inUse: seed.inUse ?? false,
    references: (seed.references ?? []).map((reference) => ({ ...reference })),
    tracks: new Map((seed.tracks ?? []).map((t) => [t.id, toStoredTrack(t)] as const)),
    listedAttributes: { ...seed.listedAttributes },
    content,
    author: seed.author ?? null,
    copyright: seed.copyright ?? null,
    notes: seed.notes ?? null,
    defaultFieldMetadata: seed.defaultFieldMetadata,
    uploadCollection: seed.uploadCollection ?? null,
    mimeType: seed.mimeType ?? mimeTypeOf(filename),
    width: seed.width ?? null,
    height: seed.height ?? null,
  };
}

/** Records use it, in any version: deleting it is what deleting an upload in use does (`inUseUploads`). */
export function isReferenced(upload: StoredUpload | undefined): boolean {
  return upload !== undefined && (upload.inUse || upload.references.length > 0);
}

/** The media library of one environment. */
export class MediaLibrary {
  readonly uploads = new Map<string, StoredUpload>();
  /** IDs of the created uploads by storage path (several `POST /uploads` may name one path). */
  private readonly created = new Map<string, Set<string>>();
  private nextSeq = 0;

  /** Adds, or replaces, an upload; `storagePath` for one made by `POST /uploads`. */
  add(seed: SeedUpload, content?: UploadContent, storagePath?: string): StoredUpload {
    this.unindex(seed.id);
    const upload = storedUpload(seed, this.nextSeq++, content);
    if (storagePath !== undefined) {
      upload.storagePath = storagePath;
      const ids = this.created.get(storagePath) ?? new Set<string>();
      this.created.set(storagePath, ids.add(seed.id));
    }
    this.uploads.set(seed.id, upload);
    return upload;
  }

  /** The first upload still here that was created from that storage path. */
  createdFrom(storagePath: string): StoredUpload | undefined {
    const [id] = this.created.get(storagePath) ?? [];
    return id === undefined ? undefined : this.uploads.get(id);
  }

  get(id: string): StoredUpload | undefined {
    return this.uploads.get(id);
  }

  track(uploadId: string, trackId: string): StoredTrack | undefined {
    return this.uploads.get(uploadId)?.tracks.get(trackId);
  }

  deleteUpload(id: string): boolean {
    this.unindex(id);
    return this.uploads.delete(id);
  }

  deleteTrack(uploadId: string, trackId: string): boolean {
    return this.uploads.get(uploadId)?.tracks.delete(trackId) ?? false;
  }

  private unindex(id: string): void {
    const storagePath = this.uploads.get(id)?.storagePath;
    if (storagePath !== undefined) this.created.get(storagePath)?.delete(id);
  }
}

/** Seeds for `uploads: n`: deterministic ids, names, sizes and creation dates. */
export function numberedSeeds(count: number, idOf: (n: number) => string): SeedUpload[] {
  const start = Date.parse(DEFAULT_CREATED_AT);
  return Array.from({ length: count }, (_, n) => ({
    id: idOf(n),
    filename: `file-${n}.jpg`,
    size: 1000 + ((n * 7919) % 100_000),
    createdAt: new Date(start + n * 60_000).toISOString(),
  }));
}

/** One library per environment, each seeded with its own copy. */
export class Environments {
  private readonly libraries = new Map<string, MediaLibrary>();

  /** A seed's file is made once and shared, so its md5 is computed once for all environments. */
  constructor(names: readonly string[], seeds: readonly SeedUpload[]) {
    const contents = seeds.map(contentOf);
    for (const name of names) {
      const library = new MediaLibrary();
      seeds.forEach((seed, i) => library.add(seed, contents[i]));
      this.libraries.set(name, library);
    }
  }

  /** Every library, the primary first. */
  all(): MediaLibrary[] {
    return [...this.libraries.values()];
  }

  has(name: string): boolean {
    return this.libraries.has(name);
  }

  get(name: string): MediaLibrary {
    const library = this.libraries.get(name);
    if (!library) throw new Error(`Unknown simulator environment "${name}"`);
    return library;
  }
}
