import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

import type { NamedBytes } from '../graph_model';

const DEFAULT_DB_NAME = 'transfer-studio-heads';

interface SavedHead {
  /** SHA-256 of the backbone the head was trained on. */
  backboneId: string;
  /** The exported files: model.json, weights.bin, metadata.json. */
  files: NamedBytes[];
  savedAt: number;
}

interface HeadSchema extends DBSchema {
  heads: { key: string; value: SavedHead };
}

/**
 * The last trained (or imported) head for each backbone, kept in IndexedDB as its
 * exported files, so that a reload restores it through the same import path.
 */
export class HeadStore {
  private constructor(private readonly db: IDBPDatabase<HeadSchema>) {}

  static async open(name = DEFAULT_DB_NAME): Promise<HeadStore> {
    const db = await openDB<HeadSchema>(name, 1, {
      upgrade(database) {
        database.createObjectStore('heads', { keyPath: 'backboneId' });
      },
    });
    return new HeadStore(db);
  }

  async save(backboneId: string, files: NamedBytes[]): Promise<void> {
    await this.db.put('heads', { backboneId, files, savedAt: Date.now() });
  }

  async load(backboneId: string): Promise<NamedBytes[] | undefined> {
    return (await this.db.get('heads', backboneId))?.files;
  }

  close(): void {
    this.db.close();
  }
}
