import { useDataset } from './dataset';
import type { TrainingDataSource } from './training';

/** The dataset store, started (once) and with a project open. */
async function openDataset() {
  await useDataset.getState().start();
  const state = useDataset.getState();
  if (!state.project) {
    throw new Error(
      state.error ?? 'no dataset project is open; open one on the Dataset tab',
    );
  }
  return state;
}

/**
 * Training's view of the project open on the Dataset tab. Reads follow the project
 * as it is now (a switch of project is seen by the next call); the relabelling and
 * test marks made from the training panel are undoable steps of the dataset's history,
 * so the Dataset tab shows them and Ctrl+Z takes them back.
 */
export const openProjectSource: TrainingDataSource = {
  async listClasses() {
    const { classes } = await openDataset();
    return classes.map((c) => ({ id: c.id, name: c.name }));
  },

  async listImages() {
    const { images } = await openDataset();
    return images.map((image) => ({
      id: image.id,
      classId: image.classId,
      name: image.name,
      hash: image.hash,
      isTest: image.isTest,
    }));
  },

  async readImage(id) {
    return (await openDataset()).readImage(id);
  },

  async setImageClass(imageId, classId) {
    await (await openDataset()).moveImage(imageId, classId);
  },

  async setTest(imageIds, isTest) {
    await (await openDataset()).markTest(imageIds, isTest);
  },
};
