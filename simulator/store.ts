import type { SeedTrack, SeedUpload } from './types.ts';

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
  tracks: Map<string, StoredTrack>;
  /** Listed instead of the real attributes. */
  listedAttributes: Record<string, unknown>;
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

/** A seed with its defaults applied; `seq` is its rank in listings. */
export function storedUpload(seed: SeedUpload, seq: number): StoredUpload {
  return {
    id: seed.id,
    seq,
    filename: seed.filename ?? `${seed.id}.jpg`,
    size: seed.size ?? 1024,
    createdAt: seed.createdAt ?? DEFAULT_CREATED_AT,
    tags: [...(seed.tags ?? [])],
    inUse: seed.inUse ?? false,
    tracks: new Map((seed.tracks ?? []).map((t) => [t.id, toStoredTrack(t)] as const)),
    listedAttributes: { ...seed.listedAttributes },
  };
}

/** The media library of one environment. */
export class MediaLibrary {
  readonly uploads = new Map<string, StoredUpload>();
  private nextSeq = 0;

  add(seed: SeedUpload): void {
    this.uploads.set(seed.id, storedUpload(seed, this.nextSeq++));
  }

  get(id: string): StoredUpload | undefined {
    return this.uploads.get(id);
  }

  track(uploadId: string, trackId: string): StoredTrack | undefined {
    return this.uploads.get(uploadId)?.tracks.get(trackId);
  }

  deleteUpload(id: string): boolean {
    return this.uploads.delete(id);
  }

  deleteTrack(uploadId: string, trackId: string): boolean {
    return this.uploads.get(uploadId)?.tracks.delete(trackId) ?? false;
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

  constructor(names: readonly string[], seeds: readonly SeedUpload[]) {
    for (const name of names) {
      const library = new MediaLibrary();
      for (const seed of seeds) library.add(seed);
      this.libraries.set(name, library);
    }
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
