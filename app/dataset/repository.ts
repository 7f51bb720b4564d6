import { openDatasetDb, type DatasetDb } from './database';
import {
  DEFAULT_MAX_SIDE,
  type DatasetClass,
  type ImageRecord,
  type PreparedImage,
  type Project,
} from './types';

/** Colours given to new classes in turn; people can change them. */
export const CLASS_COLORS = [
  '#2f6fde',
  '#d9480f',
  '#2b8a3e',
  '#ae3ec9',
  '#f08c00',
  '#0c8599',
  '#c2255c',
  '#5c940d',
  '#6741d9',
  '#495057',
];

/** A change to one field set of one record: what it was, and what it becomes. */
export interface Patch {
  store: 'classes' | 'images';
  id: string;
  before: Partial<DatasetClass & ImageRecord>;
  after: Partial<DatasetClass & ImageRecord>;
}

/**
 * An image to store: its facts (the repository adds id, time and state) and its blobs.
 * Without `isTest` it is a training image.
 */
export type NewImage = Omit<ImageRecord, 'id' | 'addedAt' | 'trashed' | 'isTest'> & {
  isTest?: boolean;
};

function newId(): string {
  return crypto.randomUUID();
}

function checkName(name: string, what: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw new Error(`a ${what} needs a name`);
  return trimmed;
}

/**
 * Reads and writes projects, classes and images in IndexedDB. Every call is its own
 * transaction and is on disk when its promise resolves, so a reload or a crash keeps
 * everything written before it. Works in the page and in Web Workers.
 */
export class DatasetRepository {
  constructor(readonly db: DatasetDb) {}

  /** Opens the dataset database (`name` lets tests use a database of their own). */
  static async open(name?: string): Promise<DatasetRepository> {
    return new DatasetRepository(await openDatasetDb(name));
  }

  close(): void {
    this.db.close();
  }

  // Projects

  async createProject(name: string, maxSide = DEFAULT_MAX_SIDE): Promise<Project> {
    const now = Date.now();
    const project: Project = {
      id: newId(),
      name: checkName(name, 'project'),
      maxSide,
      createdAt: now,
      updatedAt: now,
    };
    await this.db.put('projects', project);
    return project;
  }

  /** Every project, the most recently changed first. */
  async listProjects(): Promise<Project[]> {
    const projects = await this.db.getAll('projects');
    return projects.sort((a, b) => b.updatedAt - a.updatedAt);
  }

  getProject(id: string): Promise<Project | undefined> {
    return this.db.get('projects', id);
  }

  async updateProject(id: string, changes: Partial<Pick<Project, 'name' | 'maxSide'>>) {
    const tx = this.db.transaction('projects', 'readwrite');
    const project = await tx.store.get(id);
    if (!project) throw new Error(`no project ${id}`);
    if (changes.name !== undefined) project.name = checkName(changes.name, 'project');
    if (changes.maxSide !== undefined) {
      if (!(changes.maxSide >= 32 && changes.maxSide <= 8192)) {
        throw new Error(
          `the working size must be 32 to 8192 pixels, not ${changes.maxSide}`,
        );
      }
      project.maxSide = Math.round(changes.maxSide);
    }
    project.updatedAt = Date.now();
    await tx.store.put(project);
    await tx.done;
    return project;
  }

  /** Removes a project with all its classes, images and blobs, in one transaction. */
  async deleteProject(id: string): Promise<void> {
    const tx = this.db.transaction(
      ['projects', 'classes', 'images', 'blobs'],
      'readwrite',
    );
    const imageIds = await tx.objectStore('images').index('projectId').getAllKeys(id);
    const classIds = await tx.objectStore('classes').index('projectId').getAllKeys(id);
    await Promise.all([
      ...imageIds.map((key) => tx.objectStore('images').delete(key)),
      ...imageIds.map((key) => tx.objectStore('blobs').delete(key)),
      ...classIds.map((key) => tx.objectStore('classes').delete(key)),
      tx.objectStore('projects').delete(id),
    ]);
    await tx.done;
  }

  // Classes

  async createClass(
    projectId: string,
    name: string,
    color?: string,
  ): Promise<DatasetClass> {
    const existing = await this.db.getAllFromIndex('classes', 'projectId', projectId);
    const order = existing.reduce((max, c) => Math.max(max, c.order + 1), 0);
    const created: DatasetClass = {
      id: newId(),
      projectId,
      name: checkName(name, 'class'),
      color: color ?? CLASS_COLORS[order % CLASS_COLORS.length],
      order,
      createdAt: Date.now(),
      trashed: false,
    };
    await this.db.put('classes', created);
    return created;
  }

  /** A project's classes in their order; trashed ones only when asked. */
  async listClasses(projectId: string, includeTrashed = false): Promise<DatasetClass[]> {
    const classes = await this.db.getAllFromIndex('classes', 'projectId', projectId);
    return classes
      .filter((c) => includeTrashed || !c.trashed)
      .sort((a, b) => a.order - b.order);
  }

  // Images

  /** Stores one image's facts and blobs together: both are written, or neither. */
  async addImage(image: NewImage, prepared: PreparedImage): Promise<ImageRecord> {
    const record: ImageRecord = {
      ...image,
      isTest: image.isTest ?? false,
      id: newId(),
      addedAt: Date.now(),
      trashed: false,
    };
    const tx = this.db.transaction(['images', 'blobs'], 'readwrite');
    await Promise.all([
      tx.objectStore('blobs').put({
        id: record.id,
        image: prepared.image,
        thumbnail: prepared.thumbnail,
      }),
      tx.objectStore('images').put(record),
      tx.done,
    ]);
    return record;
  }

  /** A project's images in the order they were added; trashed ones only when asked. */
  async listImages(projectId: string, includeTrashed = false): Promise<ImageRecord[]> {
    const images = await this.db.getAllFromIndex('images', 'projectId', projectId);
    return images
      .filter((image) => includeTrashed || !image.trashed)
      .map((image) => (image.isTest === undefined ? { ...image, isTest: false } : image))
      .sort((a, b) => a.addedAt - b.addedAt);
  }

  /**
   * Marks images as test images (kept out of training, used to score it) or as
   * training images, in one transaction. Not undoable by itself: the dataset page
   * goes through `markTestEdit` and its history instead.
   */
  async setTest(imageIds: string[], isTest: boolean): Promise<void> {
    await this.applyPatches(
      imageIds.map((id) => ({ store: 'images', id, before: {}, after: { isTest } })),
      'after',
    );
  }

  /** The stored image (at the project's working size), or undefined if it is gone. */
  async readImage(id: string): Promise<Blob | undefined> {
    return (await this.db.get('blobs', id))?.image;
  }

  async readThumbnail(id: string): Promise<Blob | undefined> {
    return (await this.db.get('blobs', id))?.thumbnail;
  }

  // Changes

  /**
   * Applies patches in one transaction, taking each patch's `after` fields (or its
   * `before` fields, in reverse order, to undo). Records that no longer exist are
   * passed over.
   */
  async applyPatches(patches: Patch[], side: 'before' | 'after'): Promise<void> {
    if (patches.length === 0) return;
    const ordered = side === 'after' ? patches : [...patches].reverse();
    const tx = this.db.transaction(['classes', 'images'], 'readwrite');
    for (const patch of ordered) {
      const store = tx.objectStore(patch.store);
      const record = await store.get(patch.id);
      if (record) await store.put({ ...record, ...patch[side] } as never);
    }
    await tx.done;
  }

  /**
   * Deletes for good the trashed classes and images of a project, with their blobs.
   * Returns how many records (images and classes) it deleted.
   */
  async purgeTrash(projectId: string): Promise<number> {
    const tx = this.db.transaction(['classes', 'images', 'blobs'], 'readwrite');
    const images = await tx.objectStore('images').index('projectId').getAll(projectId);
    const classes = await tx.objectStore('classes').index('projectId').getAll(projectId);
    const trashedClasses = new Set(classes.filter((c) => c.trashed).map((c) => c.id));
    const doomed = images.filter(
      (image) => image.trashed || trashedClasses.has(image.classId),
    );
    await Promise.all([
      ...doomed.map((image) => tx.objectStore('images').delete(image.id)),
      ...doomed.map((image) => tx.objectStore('blobs').delete(image.id)),
      ...[...trashedClasses].map((id) => tx.objectStore('classes').delete(id)),
    ]);
    await tx.done;
    return doomed.length + trashedClasses.size;
  }
}
