import { describe, expect, it } from 'vitest';
import { deleteClassEdit, deleteImagesEdit } from './edits';
import { DatasetHistory } from './history';
import { importEntries } from './ingest';
import { listLabelledImages } from './labelled_images';
import { clothingEntries, freshRepository, storeAsIs } from './test_support';

describe('labelled images for training', () => {
  it('labels live images by class position and leaves out what was deleted', async () => {
    const repository = await freshRepository();
    const project = await repository.createProject('clothes');
    await importEntries(repository, clothingEntries(['hat', 'pants', 'skirt'], 3), {
      projectId: project.id,
      maxSide: 1024,
      prepare: storeAsIs,
    });
    const history = new DatasetHistory(repository);
    const [hat, pants] = await repository.listClasses(project.id);
    const images = await repository.listImages(project.id);
    await history.apply(deleteClassEdit(hat, images));
    await history.apply(deleteImagesEdit([images.find((i) => i.classId === pants.id)!]));

    const set = await listLabelledImages(repository, project.id);
    expect(set.classes.map((c) => c.name)).toEqual(['pants', 'skirt']);
    expect(set.images.map((i) => i.label).sort()).toEqual([0, 0, 1, 1, 1]);
    const first = await repository.readImage(set.images[0].imageId);
    expect(first?.type).toBe('image/jpeg');
    expect(set.images[0].width).toBeGreaterThan(0);
  });
});
