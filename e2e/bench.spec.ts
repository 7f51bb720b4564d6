import type { BackbonePlan } from '../app/ml/bench/plan';
import { EFFICIENTNET_LITE0_MULTIPLY_ADDS } from '../app/ml/bench/plan';
import type { BenchAutomation } from '../app/stores/bench';
import type { Page } from '@playwright/test';
import { dropFiles, expect, shared, test } from './fixtures';

const DOGS_MODEL = shared('models/efficientnet-lite0-dogs/model.tflite');
const KINDS = ['dress', 'shoes', 'hat'];
const PHOTOS = KINDS.map((kind) => shared(`datasets/clothing/test/${kind}`));

/** Loads the dogs backbone on the Model tab, then gives the Benchmark tab 3 photos. */
async function loadModelAndPhotos(page: Page): Promise<void> {
  const { readdirSync } = await import('node:fs');
  const photos = PHOTOS.map((folder) => `${folder}/${readdirSync(folder).sort()[0]}`);

  await page.getByTestId('tab-model').click();
  await dropFiles(page, '[data-testid=model-drop]', [{ path: DOGS_MODEL }]);
  await expect(page.getByTestId('model-ready')).toBeVisible();
  await page.getByTestId('tab-benchmark').click();
  await page.getByTestId('bench-photos-input').setInputFiles(photos);
}

test('the Benchmark panel times the loaded backbone and shows a table and a chart', async ({
  page,
}) => {
  await page.goto('/?backend=wasm#benchmark');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');
  await expect(page.getByTestId('bench-run')).toBeDisabled();

  await loadModelAndPhotos(page);
  await page.getByTestId('bench-plan').selectOption('quick');
  await page.getByTestId('bench-run').click();

  const table = page.getByTestId('bench-table');
  await expect(table).toContainText('latency, batch 1', { timeout: 120_000 });
  await expect(table).toContainText('throughput, batch 8');
  await expect(table).toContainText('efficiency');
  await expect(page.getByTestId('bench-chart').locator('rect')).toHaveCount(2);
  await expect(page.getByTestId('bench-error')).toHaveCount(0);
  await page
    .getByTestId('bench-panel')
    .screenshot({ path: 'test-results/bench-panel.png' });

  // The results stay for the next visit, so that runs on other backends add up.
  await page.reload();
  await expect(page.getByTestId('bench-table')).toContainText('latency, batch 1');
});

test('a running benchmark shows progress, can be cancelled, and runs afresh', async ({
  page,
}) => {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');
  await loadModelAndPhotos(page);

  // The full plan takes tens of seconds here: cancel it once it is timing batches.
  await page.getByTestId('bench-plan').selectOption('full');
  const benchWorker = page.waitForEvent('worker');
  await page.getByTestId('bench-run').click();
  const closed = new Promise<void>(
    (resolve) => void benchWorker.then((worker) => worker.once('close', () => resolve())),
  );
  const progress = page.getByTestId('bench-progress');
  await expect(progress).toContainText(/batch \d+/, { timeout: 60_000 });
  await expect(progress.locator('progress')).toHaveAttribute('max', /\d+/);
  await page
    .getByTestId('bench-panel')
    .screenshot({ path: 'test-results/bench-running.png' });
  await page.getByTestId('bench-cancel').click();

  // The benchmark's own worker is stopped, not left timing in the background.
  await closed;
  await expect(page.getByTestId('bench-cancelled')).toBeVisible();
  await expect(progress).toHaveCount(0);
  await expect(page.getByTestId('bench-cancel')).toHaveCount(0);
  await expect(page.getByTestId('bench-error')).toHaveCount(0);
  await expect(page.getByTestId('bench-table')).toHaveCount(0);
  await expect(page.getByTestId('bench-run')).toBeEnabled();

  // The stopped worker is replaced: a quick run after the cancel completes.
  await page.getByTestId('bench-plan').selectOption('quick');
  await page.getByTestId('bench-run').click();
  await expect(page.getByTestId('bench-table')).toContainText('latency, batch 1', {
    timeout: 120_000,
  });
  await expect(page.getByTestId('bench-cancelled')).toHaveCount(0);
  await expect(page.getByTestId('bench-error')).toHaveCount(0);
  // Only the quick run's rows: the cancelled full run would have timed batch 32.
  await expect(page.getByTestId('bench-table')).not.toContainText('batch 32');
});

test('on WebGPU, a larger batch can be warmed up by compiling its kernels, not run', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const { readdirSync } = await import('node:fs');
  const photos = KINDS.map((kind) => {
    const folder = `datasets/clothing/test/${kind}`;
    return `/__shared/${folder}/${readdirSync(shared(folder)).sort()[0]}`;
  });
  await page.goto('/?backend=webgpu&benchHook');
  await page.waitForFunction(() => 'studioBench' in globalThis);
  type Hook = { studioBench: BenchAutomation };
  const started = await page.evaluate(() =>
    (globalThis as unknown as Hook).studioBench.start(),
  );
  expect(started.backend.name).toBe('webgpu');

  const plan: BackbonePlan = {
    batchSizes: [1, 2],
    timing: { warmupRuns: 0, runs: 1, minRuns: 1, budgetMs: 0 },
    matmul: { sizes: [64], maxRunMs: 0 },
    multiplyAddsPerImage: EFFICIENTNET_LITE0_MULTIPLY_ADDS,
    batchWarmup: 'compile',
  };
  const figures = await page.evaluate(
    ([model, images, p]) =>
      (globalThis as unknown as Hook).studioBench.backbone(model, images, p),
    [`/__shared/models/efficientnet-lite0-dogs/model.tflite`, photos, plan] as const,
  );
  const byKey = new Map(figures.map((figure) => [figure.key, figure]));
  // The compile-only pass ran and was timed, and batch 2 was then timed for real.
  expect(byKey.get('compile-2')?.samples).toHaveLength(1);
  expect(byKey.get('compile-2')!.samples[0]).toBeGreaterThan(0);
  expect(byKey.get('throughput-2')?.samples).toHaveLength(1);
  expect(byKey.get('throughput-2')!.samples[0]).toBeGreaterThan(0);
  // Batch 1 keeps its own first run, which is not replaced by compiling.
  expect(byKey.has('compile-1')).toBe(false);
  expect(byKey.get('first-run')?.samples).toHaveLength(1);
});
