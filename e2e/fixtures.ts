import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { test as base, type Page } from '@playwright/test';
import { SHARED_DIR } from '../playwright.config';

export { expect } from '@playwright/test';

/**
 * The studio's browser tests never leave this machine: every request to another host
 * is aborted (and counted, so a test can say what the page tried to reach).
 */
export const test = base.extend<{ externalRequests: string[] }>({
  externalRequests: [
    async ({ context }, use) => {
      const attempted: string[] = [];
      await context.route(
        (url) =>
          url.hostname !== '127.0.0.1' &&
          url.protocol !== 'blob:' &&
          url.protocol !== 'data:',
        (route) => {
          attempted.push(route.request().url());
          return route.abort('internetdisconnected');
        },
      );
      await use(attempted);
    },
    { auto: true },
  ],
});

/** A path inside the shared fixtures folder. */
export function shared(...parts: string[]): string {
  return resolve(SHARED_DIR, ...parts);
}

/**
 * Drops files onto the element matching `selector` the way a person's drag does: a
 * DataTransfer holding the files, delivered by dragenter/dragover/drop events.
 */
export async function dropFiles(
  page: Page,
  selector: string,
  files: { path: string; name?: string; type?: string; bytes?: Buffer }[],
): Promise<void> {
  const payload = files.map((file) => ({
    name: file.name ?? basename(file.path),
    type: file.type ?? '',
    base64: (file.bytes ?? readFileSync(file.path)).toString('base64'),
  }));
  const transfer = await page.evaluateHandle((items) => {
    const data = new DataTransfer();
    for (const item of items) {
      const bytes = Uint8Array.from(atob(item.base64), (c) => c.charCodeAt(0));
      data.items.add(new File([bytes], item.name, { type: item.type }));
    }
    return data;
  }, payload);
  for (const type of ['dragenter', 'dragover', 'drop']) {
    await page.dispatchEvent(selector, type, { dataTransfer: transfer });
  }
}
