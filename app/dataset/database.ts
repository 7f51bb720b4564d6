import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { DatasetClass, ImageBlobs, ImageRecord, Project } from './types';

/** The IndexedDB database that holds every project's dataset. */
export const DATASET_DB_NAME = 'transfer-studio-datasets';
const DATASET_DB_VERSION = 1;

/**
 * The schema. Image facts and image bytes live in separate stores so that listing a
 * project's thousands of images never touches their blobs.
 */
export interface DatasetSchema extends DBSchema {
  projects: { key: string; value: Project };
  classes: { key: string; value: DatasetClass; indexes: { projectId: string } };
  images: { key: string; value: ImageRecord; indexes: { projectId: string } };
  blobs: { key: string; value: ImageBlobs };
}

export type DatasetDb = IDBPDatabase<DatasetSchema>;

/** Opens (and on first use creates) the dataset database. */
export function openDatasetDb(name = DATASET_DB_NAME): Promise<DatasetDb> {
  return openDB<DatasetSchema>(name, DATASET_DB_VERSION, {
    upgrade(db) {
      db.createObjectStore('projects', { keyPath: 'id' });
      db.createObjectStore('classes', { keyPath: 'id' }).createIndex(
        'projectId',
        'projectId',
      );
      db.createObjectStore('images', { keyPath: 'id' }).createIndex(
        'projectId',
        'projectId',
      );
      db.createObjectStore('blobs', { keyPath: 'id' });
    },
  });
}
