import { wasmThreadTarget } from '../app/ml/backend_info';
import { expect, test } from './fixtures';

test('a first visit names the backend and offers the default backbone', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });

  await page.goto('/');

  const backend = page.getByTestId('backend');
  await expect(backend).toHaveAttribute('data-backend', /^(webgpu|webgl|wasm|cpu)$/);
  // This machine's GPU adapter and GL renderer are software (SwiftShader), so the
  // automatic choice passes over them to WASM and says why.
  await expect(backend).toHaveAttribute('data-backend', 'wasm');
  // The header names the threads WASM's XNNPACK pool really has: one per core of this
  // machine (tfjs alone would take half the cores, one on this 2-core VM).
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const threads = wasmThreadTarget(cores);
  await expect(backend).toContainText(
    `SIMD on, ${threads} thread${threads === 1 ? '' : 's'}`,
  );
  await expect(page.getByTestId('welcome')).toContainText('EfficientNet-Lite0');
  await expect(page.getByTestId('welcome')).toContainText('MB');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await page.screenshot({ path: 'test-results/first-visit.png' });
  expect(errors).toEqual([]);
});

for (const name of ['webgpu', 'wasm', 'cpu'] as const) {
  test(`?backend=${name} forces the ${name} backend`, async ({ page }) => {
    await page.goto(`/?backend=${name}`);
    const backend = page.getByTestId('backend');
    await expect(backend).toHaveAttribute('data-backend', name);
    if (name === 'webgpu') await expect(backend).toContainText('adapter:');
    if (name === 'webgpu') await expect(backend).toContainText('(fallback)');
    await expect(page.getByTestId('backend-fallback')).toHaveCount(0);
  });
}

test('the backend setting survives a reload', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');
  await page.getByTestId('backend-setting').selectOption('cpu');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'cpu');
  await page.reload();
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'cpu');
  await page.getByTestId('backend-setting').selectOption('auto');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');
});

test('the page thread bundles no TensorFlow.js: tensors live in the ML worker', async () => {
  const { readFileSync, readdirSync } = await import('node:fs');
  const assets = readdirSync('dist/assets');
  const read = (prefix: string) =>
    assets
      .filter((name) => name.startsWith(prefix) && name.endsWith('.js'))
      .map((name) => readFileSync(`dist/assets/${name}`, 'utf8'))
      .join('\n');

  // tfjs-core registers its environment flags by name; the strings survive minifying.
  expect(read('ml.worker')).toContain('IS_BROWSER');
  expect(read('index')).not.toContain('IS_BROWSER');
});
