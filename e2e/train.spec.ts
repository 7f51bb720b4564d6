import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import type { Download, Page } from '@playwright/test';
import { DEFAULT_TRAINING } from '../app/ml/train/train';
import { dropFiles, expect, shared, test } from './fixtures';
import { bucket, classCounts, watchErrors } from './dataset_helpers';

const DOGS_MODEL = shared('models/efficientnet-lite0-dogs/model.tflite');
const CLOTHING = shared('datasets/clothing');
const CLASSES = readdirSync(`${CLOTHING}/train`).sort();
const TEST_PHOTOS = CLASSES.flatMap((name) =>
  readdirSync(`${CLOTHING}/test/${name}`).map(
    (file) => `${CLOTHING}/test/${name}/${file}`,
  ),
);
const TRAIN_COUNT = CLASSES.reduce(
  (sum, name) => sum + readdirSync(`${CLOTHING}/train/${name}`).length,
  0,
);

/** Seconds since `start`, for the timings this spec logs. */
const since = (start: number) => ((performance.now() - start) / 1000).toFixed(1);

async function openTab(page: Page, id: 'model' | 'dataset' | 'train') {
  await page.getByTestId(`tab-${id}`).click();
  await expect(page.getByTestId(`tab-${id}`)).toHaveAttribute('aria-selected', 'true');
}

/** Sets one number of the training form, as a person types it. */
async function setSetting(page: Page, name: string, value: number) {
  await page.getByTestId(`setting-${name}`).fill(String(value));
}

/** Clicks Train and waits for training and the scoring after it to finish. */
async function trainAndScore(page: Page): Promise<number> {
  await page.getByTestId('train').click();
  await expect(page.getByTestId('train-status')).toHaveAttribute('data-status', 'idle', {
    timeout: 240_000,
  });
  await expect(page.getByTestId('train-error')).toHaveCount(0);
  return Number(await page.getByTestId('accuracy').getAttribute('data-value'));
}

/**
 * The trained head's top classes for a photo dropped on the Train tab (each call with
 * another file than the one before).
 */
async function studioScores(page: Page, path: string) {
  await dropFiles(page, '[data-testid=head-photo-drop]', [{ path, type: 'image/jpeg' }]);
  const name = path.split('/').pop()!;
  await expect(page.getByTestId('head-prediction')).toHaveAttribute('data-file', name);
  return page
    .getByTestId('head-predictions')
    .locator('li')
    .evaluateAll((items) =>
      items.map((item) => ({
        label: item.getAttribute('data-label')!,
        score: Number(item.getAttribute('data-score')),
      })),
    );
}

/**
 * The pooled embedding the studio cached for a photo (by the SHA-256 of the image it
 * stored), read from the page's IndexedDB.
 */
function cachedEmbedding(page: Page, sourceHash: string, cutTensor: string) {
  return page.evaluate(
    async ({ sourceHash, cutTensor }) => {
      const open = (name: string) =>
        new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open(name);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      const all = <T>(db: IDBDatabase, store: string) =>
        new Promise<T[]>((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result as T[]);
          request.onerror = () => reject(request.error);
        });
      const datasets = await open('transfer-studio-datasets');
      const images = await all<{ hash: string; sourceHash: string }>(datasets, 'images');
      datasets.close();
      const stored = images.find((image) => image.sourceHash === sourceHash)!;
      const embeddings = await open('transfer-studio-embeddings');
      const records = await all<{ key: string; data: ArrayBuffer }>(
        embeddings,
        'embeddings',
      );
      embeddings.close();
      const record = records.find(
        (r) =>
          r.key.startsWith(`${stored.hash}|`) && r.key.endsWith(`|view0|${cutTensor}`),
      )!;
      return Array.from(new Float32Array(record.data));
    },
    { sourceHash, cutTensor },
  );
}

async function downloadedFiles(downloads: Download[]) {
  const files: Record<string, Buffer> = {};
  for (const download of downloads) {
    files[download.suggestedFilename()] = readFileSync((await download.path())!);
  }
  return files;
}

test.describe.configure({ timeout: 600_000 });
test.use({ actionTimeout: 60_000 });

test('a new user trains, scores, stops, reloads and exports a clothing classifier', async ({
  page,
}) => {
  const errors = watchErrors(page);
  page.on('console', (message) => {
    if (message.text().startsWith('[studio]')) console.log(message.text());
  });
  let start = performance.now();
  let counts: Record<string, number> = {};

  await test.step('load the Lite0 backbone and import the clothing folder', async () => {
    await page.goto('/');
    await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');
    await openTab(page, 'train');
    await expect(page.getByTestId('train-needs-backbone')).toBeVisible();
    await expect(page.getByTestId('train')).toBeDisabled();
    await openTab(page, 'model');
    await dropFiles(page, '[data-testid=model-drop]', [{ path: DOGS_MODEL }]);
    await expect(page.getByTestId('model-ready')).toContainText('model.tflite');

    await openTab(page, 'dataset');
    await page.getByTestId('import-folder-input').setInputFiles(CLOTHING);
    await expect(page.getByTestId('report-added')).toHaveText(
      `${TRAIN_COUNT + TEST_PHOTOS.length} added`,
      { timeout: 120_000 },
    );
    counts = await classCounts(page);
    expect(Object.keys(counts).sort()).toEqual(CLASSES);
    const testsInFirst = readdirSync(`${CLOTHING}/test/${CLASSES[0]}`).length;
    const testCount = page.getByTestId('class-test-count');
    await expect(testCount).toHaveText(` (${testsInFirst} test)`);
    await expect(page.getByTestId('test-badge')).not.toHaveCount(0);
    console.log(`import: ${since(start)} s`);

    // A training image marked as test gets the badge; the mark undoes.
    const training = page
      .locator('[data-testid=image-cell][data-test-image=false]')
      .first();
    const id = await training.getAttribute('data-image-id');
    await training.click();
    await page.getByTestId('mark-test').click();
    const marked = page.locator(`[data-testid=image-cell][data-image-id="${id}"]`);
    await expect(marked.getByTestId('test-badge')).toBeVisible();
    await expect(testCount).toHaveText(` (${testsInFirst + 1} test)`);
    await page.screenshot({ path: 'test-results/train-dataset-split.png' });
    await page.getByTestId('undo').click();
    await expect(marked.getByTestId('test-badge')).toHaveCount(0);
    await expect(testCount).toHaveText(` (${testsInFirst} test)`);
  });

  await test.step('train recipe A with the defaults; the test images score >= 78%', async () => {
    await openTab(page, 'train');
    await expect(page.getByTestId('train-data-summary')).toHaveText(
      `10 classes, ${TRAIN_COUNT} training images, ${TEST_PHOTOS.length} test images`,
    );
    await page.screenshot({ path: 'test-results/train-before.png', fullPage: true });
    start = performance.now();
    const accuracy = await trainAndScore(page);
    console.log(`recipe A, defaults, embed + train + score: ${since(start)} s`);
    await expect(page.getByTestId('scored-kind')).toHaveText('Test');
    await expect(page.getByTestId('accuracy')).toContainText('%');
    expect(accuracy).toBeGreaterThanOrEqual(0.78);
    await expect(page.getByTestId('embed-counter')).toHaveAttribute(
      'data-embedded',
      String(TRAIN_COUNT),
    );
    await page.screenshot({ path: 'test-results/train-scored.png', fullPage: true });
  });

  await test.step('a confusion-matrix cell lists its images', async () => {
    const cells = page.locator('[data-testid^=cell-]:not([disabled])');
    const offDiagonal = await cells.evaluateAll((buttons) =>
      buttons
        .map((b) => b.getAttribute('data-testid')!)
        .filter((id) => {
          const [, t, p] = id.split('-');
          return t !== p;
        }),
    );
    const chosen = offDiagonal[0] ?? 'cell-0-0';
    const [, t, p] = chosen.split('-').map(Number);
    const cell = page.getByTestId(chosen);
    const count = Number(await cell.textContent());
    expect(count).toBeGreaterThan(0);
    await cell.click();
    const items = page.getByTestId('cell-images').locator('li');
    await expect(items).toHaveCount(count);
    for (const item of await items.all()) {
      await expect(item).toHaveAttribute('data-predicted', CLASSES[p]);
      await expect(item).toHaveAttribute('data-labelled', CLASSES[t]);
      await expect(item.getByTestId('cell-image-predicted')).toHaveText(CLASSES[p]);
      await expect(item.getByTestId('cell-image-labelled')).toHaveText(CLASSES[t]);
    }
    const listed = await items.evaluateAll((nodes) =>
      nodes.map((node) => node.getAttribute('data-image-name')),
    );
    const inTrueClass = readdirSync(`${CLOTHING}/test/${CLASSES[t]}`);
    listed.forEach((name) => expect(inTrueClass).toContain(name));
    await page.screenshot({
      path: 'test-results/train-confusion-cell.png',
      fullPage: true,
    });

    // Relabelled from the list, the image moves class on the Dataset tab; Undo there
    // takes it back.
    await items.first().getByRole('combobox').selectOption({ label: CLASSES[p] });
    await openTab(page, 'dataset');
    const inBucket = (name: string) => bucket(page, name).getByTestId('class-count');
    await expect(inBucket(CLASSES[p])).toHaveText(String(counts[CLASSES[p]] + 1));
    await expect(inBucket(CLASSES[t])).toHaveText(String(counts[CLASSES[t]] - 1));
    await page.getByTestId('undo').click();
    await expect(inBucket(CLASSES[p])).toHaveText(String(counts[CLASSES[p]]));
    await expect(inBucket(CLASSES[t])).toHaveText(String(counts[CLASSES[t]]));
    await openTab(page, 'train');
  });

  await test.step('the camera is classified live with the trained head', async () => {
    await page.getByTestId('webcam-toggle').click();
    const predictions = page.getByTestId('webcam-predictions');
    await expect(predictions).toContainText(/\d+(\.\d+)?%/);
    const top = await predictions.locator('li').first().getAttribute('data-label');
    expect(CLASSES).toContain(top);
    await expect(page.getByTestId('webcam-fps')).not.toHaveText(/^0 /);
    await page.getByTestId('webcam-toggle').click();
    await expect(predictions).toHaveCount(0);
  });

  await test.step('the exported model.json loads in plain tfjs and predicts the same', async () => {
    const downloads: Download[] = [];
    page.on('download', (download) => downloads.push(download));
    await page.getByTestId('export-head-files').click();
    await expect.poll(() => downloads.length).toBe(3);
    const files = await downloadedFiles(downloads);
    expect(Object.keys(files).sort()).toEqual([
      'metadata.json',
      'model.json',
      'weights.bin',
    ]);
    const metadata = JSON.parse(files['metadata.json'].toString());
    expect(metadata.labels).toEqual(CLASSES);

    const artifacts = JSON.parse(files['model.json'].toString());
    const weights = files['weights.bin'];
    await tf.setBackend('cpu');
    const plain = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: artifacts.modelTopology,
        weightSpecs: artifacts.weightsManifest[0].weights,
        weightData: weights.buffer.slice(
          weights.byteOffset,
          weights.byteOffset + weights.byteLength,
        ),
      }),
    );
    for (const path of [TEST_PHOTOS[0], TEST_PHOTOS[50], TEST_PHOTOS[100]]) {
      const studio = await studioScores(page, path);
      const hash = createHash('sha256').update(readFileSync(path)).digest('hex');
      const embedding = await cachedEmbedding(page, hash, metadata.cutTensor);
      const output = plain.predict(tf.tensor2d([embedding])) as tf.Tensor;
      const probabilities = Array.from(await output.data());
      output.dispose();
      expect(studio).toHaveLength(5);
      for (const { label, score } of studio) {
        expect(Math.abs(probabilities[CLASSES.indexOf(label)] - score)).toBeLessThan(
          1e-4,
        );
      }
    }
    plain.dispose();
  });

  await test.step('stopped halfway, the page stays usable and keeps the best weights', async () => {
    await setSetting(page, 'epochs', 400);
    await setSetting(page, 'earlyStoppingPatience', 0);
    await page.getByTestId('train').click();
    await expect
      .poll(async () =>
        Number(await page.getByTestId('epoch-status').getAttribute('data-epoch')),
      )
      .toBeGreaterThanOrEqual(5);
    await page.getByTestId('stop-training').click();
    await expect(page.getByTestId('train-status')).toHaveAttribute('data-status', 'idle');
    const summary = page.getByTestId('head-summary');
    await expect(summary).toHaveAttribute('data-stop-reason', 'stopped');
    const epochsRun = Number(await summary.getAttribute('data-epochs-run'));
    expect(epochsRun).toBeGreaterThanOrEqual(5);
    expect(epochsRun).toBeLessThan(400);
    await expect(page.getByTestId('scored-kind')).toHaveText('Test');

    // The kept head is the best epoch's: scoring the validation images gives the
    // validation accuracy that epoch logged.
    const logged = Number(await summary.getAttribute('data-validation-accuracy'));
    const validationCount = Number(await summary.getAttribute('data-validation-images'));
    await page.getByTestId('evaluate-validation').click();
    await expect(page.getByTestId('scored-kind')).toHaveText('Validation');
    const scored = Number(await page.getByTestId('accuracy').getAttribute('data-value'));
    expect(Math.abs(scored - logged)).toBeLessThanOrEqual(1 / validationCount + 1e-9);

    const scores = await studioScores(page, TEST_PHOTOS[10]);
    expect(scores[0].score).toBeGreaterThan(0);
    await openTab(page, 'dataset');
    await expect(page.getByTestId('class-bucket')).toHaveCount(10);
    await openTab(page, 'train');
    await page.screenshot({ path: 'test-results/train-stopped.png', fullPage: true });
  });

  await test.step('after a reload the labels, embeddings and head are still there', async () => {
    await page.reload();
    await expect(page.getByTestId('head-summary')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('train-data-summary')).toHaveText(
      `10 classes, ${TRAIN_COUNT} training images, ${TEST_PHOTOS.length} test images`,
    );
    await expect(page.getByTestId('head-summary')).toHaveAttribute(
      'data-stop-reason',
      'stopped',
    );
    const labels = (await studioScores(page, TEST_PHOTOS[20])).map((s) => s.label);
    expect(labels).toHaveLength(5);
    labels.forEach((label) => expect(CLASSES).toContain(label));
    await setSetting(page, 'epochs', 5);
    start = performance.now();
    await trainAndScore(page);
    console.log(`recipe A again after a reload, 5 epochs: ${since(start)} s`);
    await expect(page.getByTestId('embed-counter')).toHaveAttribute('data-embedded', '0');
    await expect(page.getByTestId('embed-counter')).toHaveAttribute(
      'data-reused',
      String(TRAIN_COUNT),
    );
  });

  await test.step('recipe B, the feature map, with the defaults scores >= 70%', async () => {
    await page.getByTestId('setting-recipe').selectOption('feature-map');
    await setSetting(page, 'epochs', DEFAULT_TRAINING.epochs);
    await setSetting(
      page,
      'earlyStoppingPatience',
      DEFAULT_TRAINING.earlyStoppingPatience,
    );
    start = performance.now();
    const accuracy = await trainAndScore(page);
    console.log(
      `recipe B, defaults, embed + train + score: ${since(start)} s, ${accuracy}`,
    );
    await expect(page.getByTestId('head-summary')).toContainText('B: feature map');
    expect(accuracy).toBeGreaterThanOrEqual(0.7);
    await page.screenshot({ path: 'test-results/train-recipe-b.png', fullPage: true });
  });

  expect(errors).toEqual([]);
});
