import { describe, expect, it } from 'vitest';
import {
  addedEntry,
  deleteClassEdit,
  deleteImagesEdit,
  markTestEdit,
  moveImagesEdit,
  renameClassEdit,
} from './edits';
import { DatasetHistory } from './history';
import { importEntries } from './ingest';
import { clothingEntries, freshRepository, storeAsIs } from './test_support';

async function importedProject(classes: string[], count: number) {
  const repository = await freshRepository();
  const project = await repository.createProject('clothes');
  const report = await importEntries(repository, clothingEntries(classes, count), {
    projectId: project.id,
    maxSide: project.maxSide,
    prepare: storeAsIs,
  });
  return { repository, project, report };
}

describe('the dataset store', () => {
  it('adds images into the classes their folders name', async () => {
    const { repository, project, report } = await importedProject(['hat', 'shoes'], 3);

    expect(report).toMatchObject({ total: 6, added: 6, skipped: [], duplicates: [] });
    const classes = await repository.listClasses(project.id);
    expect(classes.map((c) => c.name)).toEqual(['hat', 'shoes']);
    const images = await repository.listImages(project.id);
    expect(images.filter((i) => i.classId === classes[0].id)).toHaveLength(3);
    const blob = await repository.readImage(images[0].id);
    expect(blob?.size).toBe(images[0].bytes);
    expect(images[0].hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('skips exact duplicates, in the project and in one import, naming the twin', async () => {
    const { repository, project } = await importedProject(['hat'], 2);
    const [first] = clothingEntries(['hat'], 1);
    const again = await importEntries(
      repository,
      [first, { ...first, relativePath: 'train/shoes/copy.jpg' }],
      { projectId: project.id, maxSide: 1024, prepare: storeAsIs },
    );

    expect(again.added).toBe(0);
    expect(again.duplicates).toEqual([
      { path: first.relativePath, duplicateOf: expect.stringMatching(/^hat\//) },
      { path: 'train/shoes/copy.jpg', duplicateOf: expect.stringMatching(/^hat\//) },
    ]);
    expect(await repository.listImages(project.id)).toHaveLength(2);
    expect((await repository.listClasses(project.id)).map((c) => c.name)).toEqual([
      'hat',
    ]);
  });

  it('moves and deletes images, and undoes and redoes each step', async () => {
    const { repository, project } = await importedProject(['hat', 'shoes'], 3);
    const history = new DatasetHistory(repository);
    const [hat, shoes] = await repository.listClasses(project.id);
    const images = await repository.listImages(project.id);
    const hats = images.filter((i) => i.classId === hat.id);
    const count = async (classId: string) =>
      (await repository.listImages(project.id)).filter((i) => i.classId === classId)
        .length;

    await history.apply(moveImagesEdit(hats.slice(0, 2), shoes));
    expect([await count(hat.id), await count(shoes.id)]).toEqual([1, 5]);
    await history.apply(deleteImagesEdit([hats[2]]));
    expect([await count(hat.id), await count(shoes.id)]).toEqual([0, 5]);

    await history.undo();
    expect([await count(hat.id), await count(shoes.id)]).toEqual([1, 5]);
    await history.undo();
    expect([await count(hat.id), await count(shoes.id)]).toEqual([3, 3]);
    expect(history.canUndo).toBe(false);
    await history.redo();
    expect([await count(hat.id), await count(shoes.id)]).toEqual([1, 5]);
    expect(history.nextRedo).toBe('delete 1 image');
  });

  it('renames and deletes a class with its images, and an undo brings all back', async () => {
    const { repository, project } = await importedProject(['hat', 'shoes', 'skirt'], 2);
    const history = new DatasetHistory(repository);
    const [hat, shoes] = await repository.listClasses(project.id);

    await history.apply(renameClassEdit(hat, '<b>caps</b> & hats'));
    await history.apply(deleteClassEdit(shoes, await repository.listImages(project.id)));
    expect((await repository.listClasses(project.id)).map((c) => c.name)).toEqual([
      '<b>caps</b> & hats',
      'skirt',
    ]);
    expect(await repository.listImages(project.id)).toHaveLength(4);

    await history.undo();
    await history.undo();
    expect((await repository.listClasses(project.id)).map((c) => c.name)).toEqual([
      'hat',
      'shoes',
      'skirt',
    ]);
    expect(await repository.listImages(project.id)).toHaveLength(6);
  });

  it('a new step clears redo; purging removes only what is trashed', async () => {
    const { repository, project } = await importedProject(['hat'], 3);
    const history = new DatasetHistory(repository);
    const images = await repository.listImages(project.id);

    await history.apply(deleteImagesEdit([images[0]]));
    await history.undo();
    expect(history.canRedo).toBe(true);
    await history.apply(deleteImagesEdit([images[1]]));
    expect(history.canRedo).toBe(false);

    expect(await repository.purgeTrash(project.id)).toBe(1);
    expect(await repository.readImage(images[1].id)).toBeUndefined();
    expect(await repository.readImage(images[0].id)).toBeDefined();
    expect(await repository.listImages(project.id, true)).toHaveLength(2);

    const [hat] = await repository.listClasses(project.id);
    await history.apply(deleteClassEdit(hat, await repository.listImages(project.id)));
    expect(await repository.purgeTrash(project.id)).toBe(3);
    expect(await repository.listClasses(project.id, true)).toEqual([]);
    expect(await repository.purgeTrash(project.id)).toBe(0);
  });

  it('undoing an import trashes what it added, classes included', async () => {
    const repository = await freshRepository();
    const project = await repository.createProject('p');
    const added: Parameters<typeof addedEntry>[0] = [];
    const created: Parameters<typeof addedEntry>[1] = [];
    await importEntries(repository, clothingEntries(['hat'], 2), {
      projectId: project.id,
      maxSide: 1024,
      prepare: storeAsIs,
      onProgress: ({ images, classes }) => {
        added.push(...images);
        created!.push(...classes);
      },
    });
    const history = new DatasetHistory(repository);
    history.record(addedEntry(added, created));

    await history.undo();
    expect(await repository.listImages(project.id)).toHaveLength(0);
    expect(await repository.listClasses(project.id)).toHaveLength(0);
    await history.redo();
    expect(await repository.listImages(project.id)).toHaveLength(2);
  });

  it('skips bad files one by one with a reason and keeps the rest', async () => {
    const repository = await freshRepository();
    const project = await repository.createProject('p');
    const [good, other] = clothingEntries(['hat'], 2);
    const goodBytes = new Uint8Array(await (good.file as Blob).arrayBuffer());
    const entries = [
      good,
      other,
      { relativePath: 'train/hat/empty.jpg', file: new Blob([]) },
      { relativePath: 'train/hat/paper.pdf', file: new Blob(['%PDF-1.4\n%...']) },
      { relativePath: 'train/hat/notes.txt', file: new Blob(['just some words\n']) },
      { relativePath: 'train/hat/cut.jpg', file: new Blob([goodBytes.slice(0, 5000)]) },
      { relativePath: 'loose.jpg', file: new Blob([goodBytes.slice().reverse()]) },
    ];
    const report = await importEntries(repository, entries, {
      projectId: project.id,
      maxSide: 1024,
      prepare: storeAsIs,
    });

    expect(report.added).toBe(2);
    const reasons = Object.fromEntries(report.skipped.map((s) => [s.path, s.reason]));
    expect(reasons).toEqual({
      'train/hat/empty.jpg': 'empty file (0 bytes)',
      'train/hat/paper.pdf': 'not an image (a PDF document)',
      'train/hat/notes.txt': 'not an image (text)',
      'train/hat/cut.jpg': expect.stringContaining('truncated'),
      'loose.jpg': expect.stringContaining('not an image'),
    });
  });

  it('stops on a full disk, says how many were kept, and keeps them', async () => {
    const repository = await freshRepository();
    const project = await repository.createProject('p');
    const addImage = repository.addImage.bind(repository);
    let writes = 0;
    repository.addImage = async (image, prepared) => {
      if (++writes > 3) throw new DOMException('quota', 'QuotaExceededError');
      return addImage(image, prepared);
    };
    const report = await importEntries(repository, clothingEntries(['hat'], 6), {
      projectId: project.id,
      maxSide: 1024,
      prepare: storeAsIs,
    });

    expect(report.added).toBe(3);
    expect(report.stopped).toContain('3 of 6 images were kept');
    expect(report.processed).toBe(4);
    expect(await repository.listImages(project.id)).toHaveLength(3);
  });

  it('deleting a project removes its records and leaves other projects alone', async () => {
    const { repository, project } = await importedProject(['hat'], 2);
    const other = await repository.createProject('other');
    await repository.createClass(other.id, 'kept');
    const images = await repository.listImages(project.id);

    await repository.deleteProject(project.id);
    expect((await repository.listProjects()).map((p) => p.name)).toEqual(['other']);
    expect(await repository.readImage(images[0].id)).toBeUndefined();
    expect(await repository.listClasses(other.id)).toHaveLength(1);
  });

  it('imports a train and a test split into the same classes, test images marked', async () => {
    const repository = await freshRepository();
    const project = await repository.createProject('clothes');
    const entries = [
      ...clothingEntries(['hat', 'shoes'], 3, 'train'),
      ...clothingEntries(['hat', 'shoes'], 2, 'test'),
    ].map((entry) => ({ ...entry, relativePath: `clothing/${entry.relativePath}` }));
    const report = await importEntries(repository, entries, {
      projectId: project.id,
      maxSide: project.maxSide,
      prepare: storeAsIs,
    });

    expect(report).toMatchObject({ added: 10, skipped: [], duplicates: [] });
    const classes = await repository.listClasses(project.id);
    expect(classes.map((c) => c.name)).toEqual(['hat', 'shoes']);
    const images = await repository.listImages(project.id);
    const tests = images.filter((image) => image.isTest);
    expect(tests.map((image) => image.sourcePath).sort()).toEqual(
      entries
        .filter((entry) => entry.relativePath.startsWith('clothing/test/'))
        .map((entry) => entry.relativePath)
        .sort(),
    );
    expect(new Set(tests.map((image) => image.classId))).toEqual(
      new Set(classes.map((c) => c.id)),
    );
  });

  it('reads records stored without a test flag as training images; marking undoes', async () => {
    const { repository, project } = await importedProject(['hat'], 3);
    const [first, second] = await repository.listImages(project.id);
    const { isTest: _dropped, ...legacy } = first;
    await repository.db.put('images', legacy as never);
    expect((await repository.listImages(project.id))[0].isTest).toBe(false);

    await repository.setTest([first.id], true);
    expect((await repository.listImages(project.id)).map((i) => i.isTest)).toEqual([
      true,
      false,
      false,
    ]);

    const history = new DatasetHistory(repository);
    const images = await repository.listImages(project.id);
    await history.apply(markTestEdit(images.slice(0, 2), true));
    expect(history.nextUndo).toBe('mark 1 image as test');
    expect(
      (await repository.listImages(project.id)).filter((i) => i.isTest).map((i) => i.id),
    ).toEqual([first.id, second.id]);
    await history.undo();
    expect(
      (await repository.listImages(project.id)).filter((i) => i.isTest).map((i) => i.id),
    ).toEqual([first.id]);
  });
});
