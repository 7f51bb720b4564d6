import { deflateSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { exportProjectZip, safePathSegment, zipImportEntries } from './dataset_zip';
import { renameClassEdit } from './edits';
import { DatasetHistory } from './history';
import { importEntries } from './ingest';
import { clothingEntries, freshRepository, storeAsIs } from './test_support';
import { readZipDirectory, readZipEntry } from './zip_read';

describe('zip export and import', () => {
  it('round-trips a project: the same classes and the same image hashes', async () => {
    const repository = await freshRepository();
    const source = await repository.createProject('clothes');
    await importEntries(repository, clothingEntries(['hat', 'pants', 't-shirt'], 4), {
      projectId: source.id,
      maxSide: 1024,
      prepare: storeAsIs,
    });
    const [hat] = await repository.listClasses(source.id);
    await new DatasetHistory(repository).apply(renameClassEdit(hat, 'hats / caps'));

    const zip = await exportProjectZip(repository, source.id);
    const names = (await readZipDirectory(zip)).map((e) => e.name);
    expect(names).toHaveLength(12);
    expect(names.every((n) => /^(hats _ caps|pants|t-shirt)\/[^/]+\.jpg$/.test(n))).toBe(
      true,
    );

    const copy = await repository.createProject('copy');
    const report = await importEntries(repository, await zipImportEntries(zip), {
      projectId: copy.id,
      maxSide: 1024,
      prepare: storeAsIs,
    });
    expect(report).toMatchObject({ added: 12, skipped: [], duplicates: [] });

    const summarize = async (projectId: string) => {
      const classes = await repository.listClasses(projectId);
      const images = await repository.listImages(projectId);
      return classes.map((c) => ({
        name: c.name,
        hashes: images
          .filter((i) => i.classId === c.id)
          .map((i) => i.hash)
          .sort(),
      }));
    };
    const before = await summarize(source.id);
    before[0].name = 'hats _ caps';
    expect(await summarize(copy.id)).toEqual(before);
  });

  it('keeps test images apart: train/ and test/ folders that import back as marked', async () => {
    const repository = await freshRepository();
    const source = await repository.createProject('clothes');
    await importEntries(
      repository,
      [
        ...clothingEntries(['hat', 'pants'], 3, 'train'),
        ...clothingEntries(['hat', 'pants'], 2, 'test'),
      ],
      { projectId: source.id, maxSide: 1024, prepare: storeAsIs },
    );

    const zip = await exportProjectZip(repository, source.id);
    const names = (await readZipDirectory(zip)).map((e) => e.name).sort();
    expect(names.filter((n) => /^test\/(hat|pants)\/[^/]+\.jpg$/.test(n))).toHaveLength(
      4,
    );
    expect(names.filter((n) => /^train\/(hat|pants)\/[^/]+\.jpg$/.test(n))).toHaveLength(
      6,
    );

    const copy = await repository.createProject('copy');
    await importEntries(repository, await zipImportEntries(zip), {
      projectId: copy.id,
      maxSide: 1024,
      prepare: storeAsIs,
    });
    const summarize = async (projectId: string) => {
      const classes = await repository.listClasses(projectId);
      const images = await repository.listImages(projectId);
      return classes.map((c) => ({
        name: c.name,
        test: images
          .filter((i) => i.classId === c.id && i.isTest)
          .map((i) => i.hash)
          .sort(),
        train: images
          .filter((i) => i.classId === c.id && !i.isTest)
          .map((i) => i.hash)
          .sort(),
      }));
    };
    const copied = await summarize(copy.id);
    expect(copied).toEqual(await summarize(source.id));
    expect(copied.map((c) => [c.test.length, c.train.length])).toEqual([
      [2, 3],
      [2, 3],
    ]);
  });

  it('reads deflated entries from zips other tools made', async () => {
    const bytes = new TextEncoder().encode('a'.repeat(5000));
    const archive = zipSync({
      'cls/a.txt': [bytes, { level: 9 }],
      'cls/': new Uint8Array(0),
    });
    const zip = new Blob([archive as BlobPart]);
    const entries = await readZipDirectory(zip);
    const file = entries.find((e) => e.name === 'cls/a.txt')!;

    expect(file.method).toBe(8);
    expect(file.compressedSize).toBeLessThan(deflateSync(bytes).length + 1);
    expect(await (await readZipEntry(zip, file)).text()).toBe('a'.repeat(5000));
    expect((await zipImportEntries(zip)).map((e) => e.relativePath)).toEqual([
      'cls/a.txt',
    ]);
  });

  it('refuses a file that is not a zip', async () => {
    await expect(readZipDirectory(new Blob(['hello']))).rejects.toThrow(
      'not a zip archive',
    );
  });

  it('makes class names safe as folder names', () => {
    expect(safePathSegment('a/b\\c')).toBe('a_b_c');
    expect(safePathSegment('..')).toBe('_');
    expect(safePathSegment('  ')).toBe('_');
    expect(safePathSegment('café <3>')).toBe('café _3_');
  });
});
