import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readTfliteModel } from '../ml/tflite';
import type { CachedModelRecord } from '../models/model_cache';
import { createModelSlot, renameFields, type SlotFields } from './model_slot';

const DOGS = resolve(__dirname, '../../../shared/models/efficientnet-lite0-dogs');
const ACTIVE = 'test.activeModel';

/** What the slot learns from a model: read by the real TFLite reader, as a check. */
interface TensorCount {
  name: string;
  tensors: number;
}

/** localStorage's contract, for Node, which has none. */
class MemoryStorage {
  private items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, String(value));
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

function modelFile(name = 'model.tflite', bytes?: number): File {
  const contents = readFileSync(resolve(DOGS, 'model.tflite'));
  return new File([new Uint8Array(contents.subarray(0, bytes))], name);
}

/** A slot over a plain object that stands for its store, with the real TFLite reader. */
function slotOverState() {
  const state: Partial<SlotFields<TensorCount>> = { status: 'none', model: null };
  const loadedRecords: { record: CachedModelRecord; errorThen: string | null }[] = [];
  const slot = createModelSlot<TensorCount>({
    task: 'classification',
    noun: 'model',
    activeSetting: ACTIVE,
    load: async (name, files, onProgress) => {
      onProgress({ stage: 'reading the flatbuffer', done: 0, total: 1 });
      const model = readTfliteModel(files[0].bytes);
      return { name, tensors: model.subgraphs[0].tensors.length };
    },
    loaded: (record) => {
      loadedRecords.push({ record, errorThen: state.error ?? null });
    },
    current: () => state.model ?? null,
    show: (fields) => Object.assign(state, fields),
  });
  return { slot, state, loadedRecords };
}

beforeEach(() => vi.stubGlobal('localStorage', new MemoryStorage()));
afterEach(() => vi.unstubAllGlobals());

describe('createModelSlot', () => {
  it('loads dropped files, remembers them, and settles modelKept once keeping is over', async () => {
    const { slot, state, loadedRecords } = slotOverState();
    const file = modelFile();

    await slot.loadFromFiles([file]);
    expect(state.status).toBe('ready');
    expect(state.progress).toBeNull();
    expect(state.model?.name).toBe('model.tflite');
    expect(state.model?.tensors).toBeGreaterThan(100);
    expect(state.model?.cacheId).toBe(`classification-file:model.tflite:${file.size}`);
    expect(localStorage.getItem(ACTIVE)).toBe(state.model?.cacheId);

    // Node has no Cache Storage: keeping fails after the model is ready, and says so.
    expect(loadedRecords).toHaveLength(1);
    expect(loadedRecords[0].errorThen).toBeNull();
    await slot.modelKept();
    expect(state.error).toBe(
      'loaded, but could not be kept for the next visit: ' +
        'this browser has no Cache Storage (the page must be served over https)',
    );
    expect(state.status).toBe('ready');
  });

  it('keeps the model loaded before when the next file is refused', async () => {
    const { slot, state, loadedRecords } = slotOverState();
    await slot.loadFromFiles([modelFile()]);
    const before = state.model;

    await slot.loadFromFiles([modelFile('truncated.tflite', 5000)]);
    expect(state.status).toBe('ready');
    expect(state.model).toBe(before);
    expect(state.error).toMatch(/^truncated\.tflite: .*(truncated|beyond the end)/i);
    expect(localStorage.getItem(ACTIVE)).toBe(before?.cacheId);
    expect(loadedRecords).toHaveLength(1);
    await slot.modelKept();
  });

  it('says error when a refused file leaves no model at all', async () => {
    const { slot, state } = slotOverState();
    await slot.loadFromFiles([modelFile('truncated.tflite', 5000)]);
    expect(state.status).toBe('error');
    expect(state.model).toBeNull();
    expect(localStorage.getItem(ACTIVE)).toBeNull();
  });

  it('says which file could not be read, and the next load works', async () => {
    const { slot, state } = slotOverState();
    await slot.loadFromFiles([modelFile()]);
    const before = state.model;

    // What a browser's File does when the file was moved or deleted after the drop.
    class VanishedFile extends File {
      override arrayBuffer(): Promise<ArrayBuffer> {
        return Promise.reject(
          new DOMException('the file changed on disk', 'NotReadableError'),
        );
      }
    }
    await slot.loadFromFiles([new VanishedFile(['x'], 'moved.tflite')]);
    expect(state.status).toBe('ready');
    expect(state.model).toBe(before);
    expect(state.progress).toBeNull();
    expect(state.error).toBe('moved.tflite could not be read: the file changed on disk');

    await slot.loadFromFiles([modelFile('again.tflite')]);
    expect(state.model?.name).toBe('again.tflite');
    await slot.modelKept();
  });

  it('cancelling a file read keeps the model loaded before', async () => {
    const { slot, state } = slotOverState();
    const cancelledFirst = slot.loadFromFiles([modelFile()]);
    slot.cancelLoad();
    await cancelledFirst;
    expect(state.status).toBe('none');
    expect(state.progress).toBeNull();

    await slot.loadFromFiles([modelFile()]);
    const before = state.model;
    const cancelled = slot.loadFromFiles([modelFile('other.tflite')]);
    slot.cancelLoad();
    await cancelled;
    expect(state.status).toBe('ready');
    expect(state.model).toBe(before);
    expect(state.progress).toBeNull();
  });

  it('names the slot when a cached model cannot be read back', async () => {
    const { slot, state } = slotOverState();
    await slot.loadCached('classification-file:gone.tflite:1');
    expect(state.error).toBe('the cached model is incomplete; load it again');
    expect(state.status).toBe('none');
  });
});

describe('renameFields', () => {
  it("writes a slot's fields under a store's names and drops those it has none for", () => {
    const renamed = renameFields(
      { status: 'loading', error: null, downloadFailed: false },
      { status: 'loadStatus', error: 'loadError' },
    );
    expect(renamed).toEqual({ loadStatus: 'loading', loadError: null });
  });
});
