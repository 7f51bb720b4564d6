import { dropFiles, expect, shared, test } from './fixtures';

const DOGS_MODEL = shared('models/efficientnet-lite0-dogs/model.tflite');
const PHOTOS = ['dress', 'shoes', 'hat'].map((kind) =>
  shared(`datasets/clothing/test/${kind}`),
);

test('the Benchmark panel times the loaded backbone and shows a table and a chart', async ({
  page,
}) => {
  const { readdirSync } = await import('node:fs');
  const photos = PHOTOS.map((folder) => `${folder}/${readdirSync(folder).sort()[0]}`);

  await page.goto('/?backend=wasm#benchmark');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');
  await expect(page.getByTestId('bench-run')).toBeDisabled();

  await page.getByTestId('tab-model').click();
  await dropFiles(page, '[data-testid=model-drop]', [{ path: DOGS_MODEL }]);
  await expect(page.getByTestId('model-ready')).toBeVisible();
  await page.getByTestId('tab-benchmark').click();
  await page.getByTestId('bench-photos-input').setInputFiles(photos);
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
