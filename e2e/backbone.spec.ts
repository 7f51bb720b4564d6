import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { dropFiles, shared } from './fixtures';

const DOGS_MODEL = shared('models/efficientnet-lite0-dogs/model.tflite');
const SAMOYED = shared('images/samoyed.jpg');

async function dropModel(page: Page, path: string, name?: string, bytes?: Buffer) {
  await dropFiles(page, '[data-testid=model-drop]', [{ path, name, bytes }]);
}

async function topScores(page: Page): Promise<{ label: string; score: number }[]> {
  const items = page.getByTestId('predictions').locator('li');
  await expect(items).toHaveCount(5);
  return items.evaluateAll((nodes) =>
    nodes.map((node) => ({
      label: node.getAttribute('data-label') ?? '',
      score: Number(node.getAttribute('data-score')),
    })),
  );
}

async function classifySamoyed(page: Page) {
  await dropFiles(page, '[data-testid=photo-drop]', [{ path: SAMOYED, type: 'image/jpeg' }]);
  return topScores(page);
}

test('a new user drops the dogs model and a photo, and the model survives a reload', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');

  await dropModel(page, DOGS_MODEL);
  await expect(page.getByTestId('load-progress')).toBeVisible();
  await expect(page.getByTestId('model-ready')).toContainText('model.tflite');
  await expect(page.getByTestId('model-ready')).toContainText('120 labels');
  await expect(page.getByTestId('model-ready')).toContainText('1280-vector');

  const scores = await classifySamoyed(page);
  expect(scores[0].label).toBe('Samoyed');
  expect(scores[0].score).toBeGreaterThan(0.4);
  await page.screenshot({ path: 'test-results/samoyed-classified.png' });

  await page.reload();
  await expect(page.getByTestId('model-ready')).toContainText('model.tflite');
  await expect(page.getByTestId('cached-models')).toContainText('model.tflite');
  expect((await classifySamoyed(page))[0].label).toBe('Samoyed');
});

test('WebGPU gives the same probabilities as the CPU backend', async ({ page }) => {
  const results: Record<string, { label: string; score: number }[]> = {};
  for (const backend of ['cpu', 'webgpu']) {
    await page.goto(`/?backend=${backend}`);
    await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', backend);
    await dropModel(page, DOGS_MODEL);
    await expect(page.getByTestId('model-ready')).toBeVisible();
    results[backend] = await classifySamoyed(page);
  }

  expect(results.webgpu[0].label).toBe('Samoyed');
  expect(results.webgpu.map((s) => s.label)).toEqual(results.cpu.map((s) => s.label));
  for (let i = 0; i < 5; i++) {
    expect(Math.abs(results.webgpu[i].score - results.cpu[i].score)).toBeLessThan(1e-3);
  }
});

test('broken model files each give their message and the page keeps working', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');
  const error = page.getByTestId('model-error');

  const whole = readFileSync(DOGS_MODEL);
  await dropModel(page, DOGS_MODEL, 'truncated.tflite', whole.subarray(0, 1_000_000));
  await expect(error).toContainText('truncated.tflite');
  await expect(error).toContainText(/truncated|beyond the end/i);

  await dropModel(page, shared('images/samoyed.jpg'), 'photo.tflite');
  await expect(error).toContainText('photo.tflite');
  await expect(error).toContainText(/not a TFLite file/i);

  // The page still works: the real model loads and classifies after the failures.
  await dropModel(page, DOGS_MODEL);
  await expect(page.getByTestId('model-ready')).toBeVisible();
  expect((await classifySamoyed(page))[0].label).toBe('Samoyed');
});
