import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  openDatasetChannel,
  type DatasetChange,
  type DatasetChannel,
} from './dataset_channel';

let channels = 0;
const opened: { close(): void }[] = [];

/** Two tabs' channels (and a raw one) on a name of this test's own. */
function tabs() {
  channels += 1;
  const name = `test-dataset-channel-${process.pid}-${channels}`;
  const open = (follow: (changes: DatasetChange[]) => Promise<void>) => {
    const channel = openDatasetChannel(follow, name);
    opened.push(channel);
    return channel;
  };
  const raw = new BroadcastChannel(name);
  opened.push(raw);
  return { open, raw };
}

/** A tab's follower that records each call and finishes it when the test says so. */
function heldFollower() {
  const calls: DatasetChange[][] = [];
  const finishers: (() => void)[] = [];
  let running = 0;
  let overlapped = false;
  const follow = (changes: DatasetChange[]) =>
    new Promise<void>((resolve) => {
      running += 1;
      overlapped ||= running > 1;
      calls.push(changes);
      finishers.push(() => {
        running -= 1;
        resolve();
      });
    });
  return {
    calls,
    follow,
    overlapped: () => overlapped,
    finishOne: () => finishers.shift()?.(),
  };
}

function announceAll(channel: DatasetChannel, changes: DatasetChange[]): void {
  for (const change of changes) channel.announce(change);
}

afterEach(() => {
  for (const channel of opened.splice(0)) channel.close();
});

describe('the dataset channel', () => {
  it('tells the other tabs, not the one that announced', async () => {
    const { open } = tabs();
    const own = vi.fn(async () => {});
    const other = vi.fn(async () => {});
    const writer = open(own);
    open(other);

    writer.announce({ kind: 'records', projectId: 'p1' });

    await vi.waitFor(() => expect(other).toHaveBeenCalledTimes(1));
    expect(other).toHaveBeenCalledWith([{ kind: 'records', projectId: 'p1' }]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(own).not.toHaveBeenCalled();
  });

  it('follows one batch at a time, gathering what arrives meanwhile without repeats', async () => {
    const { open } = tabs();
    const writer = open(async () => {});
    const reader = heldFollower();
    open(reader.follow);

    writer.announce({ kind: 'records', projectId: 'p1' });
    await vi.waitFor(() => expect(reader.calls).toHaveLength(1));
    announceAll(writer, [
      { kind: 'records', projectId: 'p1' },
      { kind: 'projects' },
      { kind: 'records', projectId: 'p1' },
      { kind: 'records', projectId: 'p2' },
      { kind: 'projects' },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reader.calls).toHaveLength(1);

    reader.finishOne();
    await vi.waitFor(() => expect(reader.calls).toHaveLength(2));
    expect(reader.calls[1]).toEqual([
      { kind: 'records', projectId: 'p1' },
      { kind: 'projects' },
      { kind: 'records', projectId: 'p2' },
    ]);
    reader.finishOne();
    expect(reader.overlapped()).toBe(false);
  });

  it('passes over messages that are not dataset changes', async () => {
    const { open, raw } = tabs();
    const follow = vi.fn(async () => {});
    open(follow);

    raw.postMessage('records');
    raw.postMessage({ kind: 'records' });
    raw.postMessage({ kind: 'images', projectId: 'p1', bytes: new Uint8Array(4) });
    raw.postMessage({ kind: 'projects' });

    await vi.waitFor(() => expect(follow).toHaveBeenCalledTimes(1));
    expect(follow).toHaveBeenCalledWith([{ kind: 'projects' }]);
  });

  it('keeps following after a follow fails', async () => {
    const { open } = tabs();
    const writer = open(async () => {});
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const follow = vi
      .fn<(changes: DatasetChange[]) => Promise<void>>()
      .mockRejectedValueOnce(new Error('the database is closed'))
      .mockResolvedValue(undefined);
    open(follow);

    writer.announce({ kind: 'projects' });
    await vi.waitFor(() => expect(errors).toHaveBeenCalledTimes(1));
    writer.announce({ kind: 'records', projectId: 'p3' });

    await vi.waitFor(() => expect(follow).toHaveBeenCalledTimes(2));
    expect(follow).toHaveBeenLastCalledWith([{ kind: 'records', projectId: 'p3' }]);
    errors.mockRestore();
  });
});
