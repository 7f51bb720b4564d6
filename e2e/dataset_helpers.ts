import { expect, type Page } from '@playwright/test';

/** Collects page errors, console errors (CSP violations among them) and any dialog. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('dialog', (dialog) => {
    errors.push(`unexpected dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}

/** Opens the studio and waits for the dataset panel to have opened a project. */
export async function openDataset(page: Page): Promise<void> {
  await page.goto('/#dataset');
  await expect(page.getByTestId('dataset-panel')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('project-select')).toBeVisible();
}

/** Class name to image count, as the class buckets show them. */
export async function classCounts(page: Page): Promise<Record<string, number>> {
  const buckets = page.getByTestId('class-bucket');
  const counts: Record<string, number> = {};
  for (const bucket of await buckets.all()) {
    const name = (await bucket.getAttribute('data-class-name'))!;
    counts[name] = Number(await bucket.getByTestId('class-count').textContent());
  }
  return counts;
}

export function bucket(page: Page, name: string) {
  return page.locator(`[data-testid="class-bucket"][data-class-name="${name}"]`);
}

/**
 * For each class of a project, the SHA-256 of its stored images, sorted, read straight
 * from the page's IndexedDB.
 */
export function storedHashes(
  page: Page,
  projectName: string,
): Promise<Record<string, string[]>> {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('transfer-studio-datasets');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const all = <T>(store: string) =>
      new Promise<T[]>((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as T[]);
        request.onerror = () => reject(request.error);
      });
    type Row = { id: string; projectId: string; name: string; trashed: boolean };
    const project = (await all<Row>('projects')).find((p) => p.name === name)!;
    const classes = (await all<Row>('classes')).filter(
      (c) => c.projectId === project.id && !c.trashed,
    );
    const images = await all<Row & { classId: string; hash: string }>('images');
    db.close();
    return Object.fromEntries(
      classes.map((c) => [
        c.name,
        images
          .filter((i) => i.classId === c.id && !i.trashed)
          .map((i) => i.hash)
          .sort(),
      ]),
    );
  }, projectName);
}
