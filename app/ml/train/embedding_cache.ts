import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

const DEFAULT_DB_NAME = 'transfer-studio-embeddings';

/** What an embedding depends on: change any part and it must be computed again. */
export interface EmbeddingKeyParts {
  /** SHA-256 (hex) of the image file's bytes. */
  imageHash: string;
  /** SHA-256 (hex) of the backbone's model file. */
  backboneId: string;
  /** The tensor the backbone is cut at. */
  cutTensor: string;
  /** From `preprocessingId`. */
  preprocessing: string;
  /** 0 for the image itself, 1.. for its augmented views. */
  view: number;
}

/** One stored embedding. */
export interface StoredEmbedding {
  shape: number[];
  values: Float32Array;
}

interface EmbeddingRecord {
  key: string;
  shape: number[];
  /** The float32 values' bytes. */
  data: ArrayBuffer;
}

interface EmbeddingSchema extends DBSchema {
  embeddings: { key: string; value: EmbeddingRecord };
}

/** The cache key of an embedding. */
export function embeddingKey(parts: EmbeddingKeyParts): string {
  const { imageHash, backboneId, cutTensor, preprocessing, view } = parts;
  return [imageHash, backboneId, preprocessing, `view${view}`, cutTensor].join('|');
}

/**
 * Embeddings kept in IndexedDB, so that an image is run through a backbone once, across
 * trainings and reloads. Works in the page and in Web Workers. Counts hits and misses
 * of `getMany` since it was opened (or since `resetCounts`).
 */
export class EmbeddingCache {
  hits = 0;
  misses = 0;

  private constructor(private readonly db: IDBPDatabase<EmbeddingSchema>) {}

  /** Opens the cache's database (`name` lets tests use one of their own). */
  static async open(name = DEFAULT_DB_NAME): Promise<EmbeddingCache> {
    const db = await openDB<EmbeddingSchema>(name, 1, {
      upgrade(database) {
        database.createObjectStore('embeddings', { keyPath: 'key' });
      },
    });
    return new EmbeddingCache(db);
  }

  /** The embeddings stored under `keys`, undefined where there is none. */
  async getMany(keys: string[]): Promise<(StoredEmbedding | undefined)[]> {
    const tx = this.db.transaction('embeddings', 'readonly');
    const records = await Promise.all(keys.map((key) => tx.store.get(key)));
    await tx.done;
    return records.map((record) => {
      if (!record) {
        this.misses++;
        return undefined;
      }
      this.hits++;
      return { shape: record.shape, values: new Float32Array(record.data) };
    });
  }

  /** Stores embeddings in one transaction. */
  async putMany(entries: { key: string; embedding: StoredEmbedding }[]): Promise<void> {
    const tx = this.db.transaction('embeddings', 'readwrite');
    await Promise.all([
      ...entries.map(({ key, embedding }) => {
        const { values } = embedding;
        const data = values.buffer.slice(
          values.byteOffset,
          values.byteOffset + values.byteLength,
        );
        return tx.store.put({ key, shape: embedding.shape, data: data as ArrayBuffer });
      }),
      tx.done,
    ]);
  }

  count(): Promise<number> {
    return this.db.count('embeddings');
  }

  clear(): Promise<void> {
    return this.db.clear('embeddings');
  }

  resetCounts(): void {
    this.hits = 0;
    this.misses = 0;
  }

  close(): void {
    this.db.close();
  }
}
