import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { writeTflite } from '../app/ml/tflite/testing/tflite_writer';
import { dropFiles, expect, shared, test } from './fixtures';

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

/** Opens the studio and waits for its ML worker to start the backend (WASM here). */
async function openStudio(page: Page) {
  await page.goto('/');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');
}

/** Keeps every text the progress bar shows, however briefly, in `window.progressTexts`. */
async function recordProgressTexts(page: Page) {
  await page.addInitScript(() => {
    const texts: string[] = [];
    (window as unknown as { progressTexts: string[] }).progressTexts = texts;
    new MutationObserver(() => {
      const bar = document.querySelector('[data-testid=load-progress]');
      if (bar?.textContent && texts[texts.length - 1] !== bar.textContent)
        texts.push(bar.textContent);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
}

async function classifySamoyed(page: Page) {
  await expect(page.getByTestId('model-ready')).toBeVisible();
  await expect(page.getByTestId('photo-drop')).not.toHaveClass(/drop-zone--disabled/);
  await dropFiles(page, '[data-testid=photo-drop]', [
    { path: SAMOYED, type: 'image/jpeg' },
  ]);
  return topScores(page);
}

test('a new user drops the dogs model and a photo, and the model survives a reload', async ({
  page,
}) => {
  await openStudio(page);

  await dropModel(page, DOGS_MODEL);
  await expect(page.getByTestId('load-progress')).toBeVisible();
  await expect(page.getByTestId('model-ready')).toContainText('model.tflite');
  await expect(page.getByTestId('model-ready')).toContainText('120 labels');
  await expect(page.getByTestId('model-ready')).toContainText('1280-vector');
  await expect(page.getByTestId('feature-tensor')).toHaveValue(
    /global_average_pooling2d\/Mean$/,
  );
  // TFLite tensor names run to hundreds of characters; the list shows them short and
  // the page never scrolls sideways.
  const [pageWidth, viewportWidth] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    window.innerWidth,
  ]);
  expect(pageWidth).toBeLessThanOrEqual(viewportWidth);

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

test('broken model files each give their message and the page keeps working', async ({
  page,
}) => {
  await openStudio(page);
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

test('a graph with an op the reader does not know names the op', async ({ page }) => {
  const unsupported = writeTflite({
    tensors: [
      { name: 'input', shape: [1, 4, 4, 4] },
      { name: 'output', shape: [1, 2, 2, 16] },
    ],
    operators: [
      {
        op: 'SPACE_TO_DEPTH',
        inputs: [0],
        outputs: [1],
        options: { type: 28, fields: [] },
      },
    ],
    inputs: [0],
    outputs: [1],
  });
  await openStudio(page);
  await dropModel(page, DOGS_MODEL, 'space_to_depth.tflite', Buffer.from(unsupported));
  await expect(page.getByTestId('model-error')).toContainText(
    'unsupported TFLite op SPACE_TO_DEPTH',
  );
  await expect(page.getByTestId('welcome')).toBeVisible();
});

test('the default backbone offered offline says why it failed and offers the drop', async ({
  page,
  externalRequests,
}) => {
  await page.goto('/');
  await page.getByTestId('load-default').click();
  const error = page.getByTestId('model-error');
  await expect(error).toContainText('cannot reach storage.googleapis.com');
  await expect(error).toContainText('drop the model file below instead');
  expect(externalRequests[0]).toContain('efficientnet_lite0');

  await page.context().setOffline(true);
  await expect(page.getByTestId('offline')).toContainText('offline');
  await page.context().setOffline(false);
});

test('a pasted URL downloads with a progress bar; unsafe URLs are refused', async ({
  page,
}) => {
  await recordProgressTexts(page);
  await openStudio(page);

  await page.getByTestId('model-url').fill('http://example.com/model.tflite');
  await page.getByRole('button', { name: 'Load URL' }).click();
  await expect(page.getByTestId('model-error')).toContainText('only https URLs');

  await page.getByTestId('model-url').fill('/__shared/models/no-such-model.tflite');
  await page.getByRole('button', { name: 'Load URL' }).click();
  await expect(page.getByTestId('model-error')).toContainText('HTTP 404');

  await page
    .getByTestId('model-url')
    .fill('/__shared/models/efficientnet-lite0-dogs/model.tflite');
  await page.getByRole('button', { name: 'Load URL' }).click();
  await expect(page.getByTestId('model-ready')).toContainText('120 labels');
  const seen = await page.evaluate(
    () => (window as unknown as { progressTexts: string[] }).progressTexts,
  );
  expect(
    seen.some((text) => /downloading model\.tflite · .* of 4\.2 MB/.test(text)),
  ).toBe(true);
  expect((await classifySamoyed(page))[0].label).toBe('Samoyed');

  // Kept in the browser: listed, and deleted on request.
  const cached = page.getByTestId('cached-models');
  await expect(cached).toContainText('model.tflite');
  await cached.getByRole('button', { name: 'Delete' }).first().click();
  await expect(page.getByTestId('cached-models')).toHaveCount(0);
});

test('a tfjs graph model loads from model.json and its shard', async ({ page }) => {
  await openStudio(page);
  await dropFiles(page, '[data-testid=model-drop]', [
    { path: shared('models/centernet-coco/centernet.json') },
    { path: shared('models/centernet-coco/centernet.bin') },
  ]);
  await expect(page.getByTestId('model-ready')).toContainText('tfjs-graph');
  await expect(page.getByTestId('model-ready')).toContainText('512×512×3');

  await dropFiles(page, '[data-testid=model-drop]', [
    { path: shared('models/centernet-coco/centernet.json') },
  ]);
  await expect(page.getByTestId('model-error')).toContainText(
    'model.json needs weight file "centernet.bin"',
  );
});

test('the built page carries a Content-Security-Policy and breaks none of it', async ({
  page,
}) => {
  await page.addInitScript(() => {
    (window as unknown as { violations: string[] }).violations = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      (window as unknown as { violations: string[] }).violations.push(
        `${event.violatedDirective} ${event.blockedURI}`,
      ),
    );
  });
  await openStudio(page);
  const policy = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  expect(policy).toContain("default-src 'self'");
  expect(policy).toContain("object-src 'none'");
  expect(policy).not.toMatch(/'unsafe-eval'|'unsafe-inline'/);

  await dropModel(page, DOGS_MODEL);
  expect((await classifySamoyed(page))[0].label).toBe('Samoyed');
  expect(
    await page.evaluate(() => (window as unknown as { violations: string[] }).violations),
  ).toEqual([]);
});
