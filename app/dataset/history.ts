import type { DatasetRepository, Patch } from './repository';

/** One undoable step, such as "move 3 images to hat": the record changes it made. */
export interface HistoryEntry {
  label: string;
  patches: Patch[];
}

/** How many steps back an undo can go. */
export const HISTORY_LIMIT = 200;

/**
 * Undo and redo over a repository. Every step is a list of field changes, so undoing a
 * deletion only clears a `trashed` flag: the images and their blobs stay stored until
 * the project is next opened, when the trash is purged.
 */
export class DatasetHistory {
  private readonly undoStack: HistoryEntry[] = [];
  private readonly redoStack: HistoryEntry[] = [];

  constructor(private readonly repository: DatasetRepository) {}

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  /** What the next undo and redo would do, for buttons' titles. */
  get nextUndo(): string | undefined {
    return this.undoStack.at(-1)?.label;
  }

  get nextRedo(): string | undefined {
    return this.redoStack.at(-1)?.label;
  }

  /** Applies a new step and records it; a new step clears what could be redone. */
  async apply(entry: HistoryEntry): Promise<void> {
    await this.repository.applyPatches(entry.patches, 'after');
    this.record(entry);
  }

  /** Records a step whose changes are already stored (an import, say). */
  record(entry: HistoryEntry): void {
    if (entry.patches.length === 0) return;
    this.undoStack.push(entry);
    if (this.undoStack.length > HISTORY_LIMIT) this.undoStack.shift();
    this.redoStack.length = 0;
  }

  /** Reverts the last step; returns it, or undefined when there is none. */
  async undo(): Promise<HistoryEntry | undefined> {
    const entry = this.undoStack.pop();
    if (!entry) return undefined;
    try {
      await this.repository.applyPatches(entry.patches, 'before');
    } catch (error) {
      this.undoStack.push(entry);
      throw error;
    }
    this.redoStack.push(entry);
    return entry;
  }

  async redo(): Promise<HistoryEntry | undefined> {
    const entry = this.redoStack.pop();
    if (!entry) return undefined;
    try {
      await this.repository.applyPatches(entry.patches, 'after');
    } catch (error) {
      this.redoStack.push(entry);
      throw error;
    }
    this.undoStack.push(entry);
    return entry;
  }

  clear(): void {
    this.undoStack.length = 0;
    this.redoStack.length = 0;
  }
}
