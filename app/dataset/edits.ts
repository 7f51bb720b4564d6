/**
 * The undoable edits of a dataset, each built as a history entry from the records as
 * they are now. Apply one with `DatasetHistory.apply`.
 */
import type { HistoryEntry } from './history';
import type { Patch } from './repository';
import type { DatasetClass, ImageRecord } from './types';

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function renameClassEdit(target: DatasetClass, name: string): HistoryEntry {
  const trimmed = name.trim();
  if (!trimmed) throw new Error('a class needs a name');
  return {
    label: `rename ${target.name} to ${trimmed}`,
    patches: [
      {
        store: 'classes',
        id: target.id,
        before: { name: target.name },
        after: { name: trimmed },
      },
    ],
  };
}

export function recolorClassEdit(target: DatasetClass, color: string): HistoryEntry {
  if (!/^#[0-9a-f]{6}$/i.test(color)) throw new Error(`not a #rrggbb colour: ${color}`);
  return {
    label: `recolour ${target.name}`,
    patches: [
      {
        store: 'classes',
        id: target.id,
        before: { color: target.color },
        after: { color },
      },
    ],
  };
}

/** Deletes a class and the images in it; an undo brings both back. */
export function deleteClassEdit(
  target: DatasetClass,
  images: ImageRecord[],
): HistoryEntry {
  const inClass = images.filter((image) => image.classId === target.id && !image.trashed);
  return {
    label: `delete class ${target.name} (${plural(inClass.length, 'image')})`,
    patches: [
      {
        store: 'classes',
        id: target.id,
        before: { trashed: false },
        after: { trashed: true },
      },
      ...trashPatches(inClass),
    ],
  };
}

/** Undoing it trashes the class again; the class itself is already stored. */
export function createdClassEntry(created: DatasetClass): HistoryEntry {
  return {
    label: `add class ${created.name}`,
    patches: [
      {
        store: 'classes',
        id: created.id,
        before: { trashed: true },
        after: { trashed: false },
      },
    ],
  };
}

/** Records images (and any classes) that an import or a capture has already stored. */
export function addedEntry(
  images: ImageRecord[],
  classes: DatasetClass[] = [],
): HistoryEntry {
  return {
    label: `add ${plural(images.length, 'image')}`,
    patches: [
      ...classes.map<Patch>((c) => ({
        store: 'classes',
        id: c.id,
        before: { trashed: true },
        after: { trashed: false },
      })),
      ...images.map<Patch>((image) => ({
        store: 'images',
        id: image.id,
        before: { trashed: true },
        after: { trashed: false },
      })),
    ],
  };
}

export function moveImagesEdit(images: ImageRecord[], to: DatasetClass): HistoryEntry {
  const moving = images.filter((image) => image.classId !== to.id);
  return {
    label: `move ${plural(moving.length, 'image')} to ${to.name}`,
    patches: moving.map((image) => ({
      store: 'images',
      id: image.id,
      before: { classId: image.classId },
      after: { classId: to.id },
    })),
  };
}

export function deleteImagesEdit(images: ImageRecord[]): HistoryEntry {
  const live = images.filter((image) => !image.trashed);
  return { label: `delete ${plural(live.length, 'image')}`, patches: trashPatches(live) };
}

function trashPatches(images: ImageRecord[]): Patch[] {
  return images.map((image) => ({
    store: 'images',
    id: image.id,
    before: { trashed: false },
    after: { trashed: true },
  }));
}

/** Marks images as test images (kept out of training) or as training images. */
export function markTestEdit(images: ImageRecord[], isTest: boolean): HistoryEntry {
  const changing = images.filter((image) => image.isTest !== isTest);
  return {
    label: `mark ${plural(changing.length, 'image')} as ${isTest ? 'test' : 'training'}`,
    patches: changing.map((image) => ({
      store: 'images',
      id: image.id,
      before: { isTest: image.isTest },
      after: { isTest },
    })),
  };
}
