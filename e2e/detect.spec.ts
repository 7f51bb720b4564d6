import type { Page } from '@playwright/test';
import { dropFiles, expect, shared, test } from './fixtures';

const CENTERNET = ['centernet.json', 'centernet.bin', 'labels.txt'].map((name) =>
  shared('models/centernet-coco', name),
);
const COCO128 = shared('datasets/coco128-val');
/** Two horses with riders, 640x361; a third horse is cut off at the left edge. */
const HORSES = shared('datasets/coco128-val/images/000000007281.jpg');

/** Opens the Detect tab and waits for the ML worker's backend (WASM here). */
async function openDetect(page: Page) {
  await page.goto('/#detect');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');
}

/** Keeps every Content-Security-Policy violation of the page in `window.violations`. */
async function recordCspViolations(page: Page) {
  await page.addInitScript(() => {
    const violations: string[] = [];
    (window as unknown as { violations: string[] }).violations = violations;
    document.addEventListener('securitypolicyviolation', (event) =>
      violations.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
}

async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { violations: string[] }).violations);
}

async function loadCenterNet(page: Page) {
  await dropFiles(
    page,
    '[data-testid=detector-drop]',
    CENTERNET.map((path) => ({ path })),
  );
  await expect(page.getByTestId('detector-ready')).toContainText('centernet');
  await expect(page.getByTestId('detector-ready')).toContainText('80 classes');
}

async function liveNumber(page: Page, testId: string): Promise<number> {
  return Number(await page.getByTestId(testId).textContent());
}

/** Waits until the camera has answered at least `count` frames; returns the tensor count. */
async function tensorsAfterFrames(
  page: Page,
  count: number,
  timeout: number,
): Promise<number> {
  await expect
    .poll(() => liveNumber(page, 'live-frames'), { timeout })
    .toBeGreaterThanOrEqual(count);
  return liveNumber(page, 'live-tensors');
}

test('a new user loads CenterNet and sees the bottles on the camera boxed, memory steady', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await recordCspViolations(page);
  await openDetect(page);
  await loadCenterNet(page);

  await page.getByTestId('camera-start').click();
  await expect(page.getByTestId('camera-select')).toContainText('bottles-640x360-10fps');
  const overlay = page.getByTestId('live-overlay');
  await expect(overlay).toHaveAttribute('data-labels', /(^|,)bottle(,|$)/, {
    timeout: 60_000,
  });
  await expect(
    page.getByTestId('live-detections').locator('li[data-label=bottle]').first(),
  ).toBeVisible();
  await page
    .locator('.detect-webcam')
    .screenshot({ path: 'test-results/detect-webcam-bottles.png' });

  // The overlay matches the video's displayed size, at device resolution.
  const sizes = await overlay.evaluate((canvas: HTMLCanvasElement) => {
    const video = document.querySelector(
      '[data-testid=camera-video]',
    ) as HTMLVideoElement;
    return {
      canvas: [canvas.width, canvas.height],
      video: [video.clientWidth, video.clientHeight],
      ratio: devicePixelRatio,
    };
  });
  expect(sizes.canvas).toEqual(sizes.video.map((side) => Math.round(side * sizes.ratio)));
  expect(Number(await page.getByTestId('live-ms').textContent())).toBeGreaterThan(0);
  await expect.poll(() => liveNumber(page, 'live-fps')).toBeGreaterThan(0);

  // Tensors held by the worker after 10 frames and after 200 are the same.
  const after10 = await tensorsAfterFrames(page, 10, 60_000);
  const after200 = await tensorsAfterFrames(page, 200, 200_000);
  expect(after10).toBeGreaterThan(0);
  expect(after200).toBe(after10);

  // Pausing stops inference: the frame count stands still; resuming moves it again.
  await page.getByTestId('camera-pause').click();
  await expect(page.getByTestId('live-stats')).toHaveAttribute('data-camera', 'paused');
  await page.waitForTimeout(1_000);
  const paused = await liveNumber(page, 'live-frames');
  await page.waitForTimeout(2_000);
  expect(await liveNumber(page, 'live-frames')).toBe(paused);
  await page.getByTestId('camera-resume').click();
  await expect.poll(() => liveNumber(page, 'live-frames')).toBeGreaterThan(paused);

  await page.getByTestId('camera-stop').click();
  await expect(page.getByTestId('camera-start')).toBeVisible();
  expect(await cspViolations(page)).toEqual([]);
});

test('a classifier given as the detector says it has no detection outputs', async ({
  page,
}) => {
  await openDetect(page);
  await dropFiles(page, '[data-testid=detector-drop]', [
    { path: shared('models/efficientnet-lite0-dogs/model.tflite') },
  ]);
  const error = page.getByTestId('detector-error');
  await expect(error).toContainText('model.tflite');
  await expect(error).toContainText('has no detection outputs');
  await expect(page.getByTestId('detector-ready')).toHaveCount(0);

  // Nothing is lost: the real detector loads after the failure, and is kept for the next
  // visit, which loads it again by itself.
  // The detector is ready before its files are in Cache Storage: reload once they are.
  await loadCenterNet(page);
  await expect(page.getByTestId('cached-detectors')).toContainText('centernet.json');
  await page.reload();
  await expect(page.getByTestId('detector-ready')).toContainText('centernet.json');
  await expect(page.getByTestId('cached-detectors')).toContainText('centernet.json');
});

test('the catalog lists EfficientDet-Lite0..4 with URL, input size and size; offline it says why', async ({
  page,
  externalRequests,
}) => {
  await openDetect(page);
  const names = await page
    .getByTestId('detector-catalog')
    .locator('option')
    .allTextContents();
  for (const [n, side] of [320, 384, 448, 512, 640].entries()) {
    expect(names.some((name) => name.startsWith(`EfficientDet-Lite${n} `))).toBe(true);
    expect(
      names
        .filter((name) => name.includes(`Lite${n} `))
        .every((name) => name.includes(`${side}px`)),
    ).toBe(true);
  }
  expect(names.every((name) => / MB$/.test(name))).toBe(true);

  await page
    .getByTestId('detector-catalog')
    .selectOption('efficientdet-lite2-float32-mediapipe');
  const url = page.getByTestId('detector-catalog-url');
  await expect(url).toContainText('448×448');
  await expect(url).toContainText(
    'https://storage.googleapis.com/mediapipe-models/object_detector/efficientdet_lite2/float32/1/efficientdet_lite2.tflite',
  );
  await page.getByRole('button', { name: 'Download' }).click();
  await expect(page.getByTestId('detector-error')).toContainText(
    'cannot reach storage.googleapis.com',
  );
  expect(externalRequests[0]).toContain('efficientdet_lite2');
});

const CAMERA_REFUSALS = [
  {
    error: 'NotAllowedError',
    when: 'a denied camera',
    message: 'Camera access was denied',
  },
  { error: 'NotFoundError', when: 'no camera', message: 'No camera was found' },
];

for (const { error, when, message } of CAMERA_REFUSALS) {
  test(`${when} gives a message and the page keeps working`, async ({ page }) => {
    // The browser's own answer when a person refuses the prompt or has no camera.
    await page.addInitScript((name) => {
      navigator.mediaDevices.getUserMedia = () =>
        Promise.reject(new DOMException('refused', name));
    }, error);
    await openDetect(page);
    await page.getByTestId('camera-start').click();
    await expect(page.getByTestId('camera-error')).toContainText(message);
    await expect(page.getByTestId('camera-start')).toBeEnabled();
  });
}

test.describe('on a high-DPI screen', () => {
  test.use({ deviceScaleFactor: 2 });

  test('a dropped photo gets crisp boxes drawn where the objects are; the controls act', async ({
    page,
  }) => {
    await recordCspViolations(page);
    await openDetect(page);
    await loadCenterNet(page);
    await dropFiles(page, '[data-testid=detect-photo-drop]', [
      { path: HORSES, type: 'image/jpeg' },
    ]);
    const items = page.getByTestId('photo-detections').locator('li');
    await expect(items.first()).toBeVisible();
    const horses = page.getByTestId('photo-detections').locator('li[data-label=horse]');
    await expect(horses).toHaveCount(3);
    await page.getByTestId('photo-stage').screenshot({
      path: 'test-results/detect-photo-horses.png',
    });

    // The backing store is twice the displayed size, the displayed size is the photo's,
    // and the top detection's outline is painted where its box's left edge falls.
    const drawn = await page
      .getByTestId('photo-overlay')
      .evaluate((canvas: HTMLCanvasElement) => {
        const img = canvas.parentElement!.querySelector('img')!;
        const top = document.querySelector('[data-testid=photo-detections] li')!;
        const [x1, y1, , y2] = top.getAttribute('data-box')!.split(',').map(Number);
        const scale = canvas.width / img.naturalWidth;
        const alpha = canvas
          .getContext('2d')!
          .getImageData(Math.round(x1 * scale), Math.round(((y1 + y2) / 2) * scale), 1, 1)
          .data[3];
        return {
          backing: [canvas.width, canvas.height],
          shown: [canvas.clientWidth, canvas.clientHeight],
          image: [img.clientWidth, img.clientHeight],
          edgeAlpha: alpha,
        };
      });
    expect(drawn.backing).toEqual(drawn.shown.map((side) => side * 2));
    expect(drawn.shown).toEqual(drawn.image);
    expect(drawn.edgeAlpha).toBeGreaterThan(200);

    // A high score threshold keeps fewer objects; a class filter keeps only that class.
    const before = await items.count();
    await page.getByTestId('score-threshold').fill('0.9');
    await expect.poll(() => items.count()).toBeLessThan(before);
    await page.getByTestId('score-threshold').fill('0.3');
    await expect(horses).toHaveCount(3);
    await page.getByTestId('class-filter').selectOption({ label: 'person' });
    await expect(horses).toHaveCount(0);
    await expect(items.first()).toHaveAttribute('data-label', 'person');
    await page.getByTestId('max-detections').fill('1');
    await expect(items).toHaveCount(1);
    expect(await cspViolations(page)).toEqual([]);
  });
});

test('mAP of CenterNet on coco128-val: per-class table, and a run can be cancelled', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await openDetect(page);
  await loadCenterNet(page);

  // A folder of class folders is no YOLO layout: the page says what is missing.
  await page
    .getByTestId('evaluate-folder')
    .setInputFiles(shared('datasets/clothing/test'));
  await page.getByTestId('evaluate-run').click();
  await expect(page.getByTestId('evaluate-error')).toContainText('no classes.txt');

  await page.getByTestId('evaluate-folder').setInputFiles(COCO128);
  await page.getByTestId('evaluate-run').click();
  await expect(page.getByTestId('evaluate-progress')).toBeVisible();
  await page.getByTestId('evaluate-cancel').click();
  await expect(page.getByTestId('evaluate-progress')).toHaveCount(0);
  await expect(page.getByTestId('evaluate-result')).toHaveCount(0);
  await expect(page.getByTestId('evaluate-error')).toHaveCount(0);

  await page.getByTestId('evaluate-limit').fill('16');
  await page.getByTestId('evaluate-run').click();
  const result = page.getByTestId('evaluate-result');
  await expect(result).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('evaluate-counts')).toContainText('16 images');
  // `npx tsx scripts/eval-detector.ts --limit 16` scores the same images in Node (jpeg-js
  // decoding): mAP@0.5 0.5603, mAP@0.5:0.95 0.3982. The browser decodes the JPEGs itself,
  // so the pixels, and the numbers, differ a little.
  const map50 = Number(await page.getByTestId('map50').getAttribute('data-value'));
  const map50to95 = Number(
    await page.getByTestId('map50to95').getAttribute('data-value'),
  );
  expect(Math.abs(map50 - 0.5603)).toBeLessThan(0.03);
  expect(Math.abs(map50to95 - 0.3982)).toBeLessThan(0.03);
  await expect(
    page.getByTestId('per-class-ap').locator('tr[data-class=person]'),
  ).toBeVisible();
  await result.screenshot({ path: 'test-results/detect-map.png' });
});
