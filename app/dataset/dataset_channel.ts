/**
 * Keeps the browser tabs that have the studio open in step: after a tab writes to the
 * dataset database it announces what changed on a BroadcastChannel, and the other tabs
 * re-read that from IndexedDB. Messages carry ids only, never image bytes.
 */

/** Every tab of the studio's origin opens the channel of this name. */
export const DATASET_CHANNEL_NAME = 'transfer-studio-datasets';

/** A write that the other tabs should follow. */
export type DatasetChange =
  /** Projects were created, renamed, given a new working size or deleted. */
  | { kind: 'projects' }
  /** A project's classes or images were added, edited, trashed, restored or purged. */
  | { kind: 'records'; projectId: string };

export interface DatasetChannel {
  /** Tells the other tabs, once the write is stored; this tab is not told. */
  announce(change: DatasetChange): void;
  close(): void;
}

function isDatasetChange(data: unknown): data is DatasetChange {
  if (typeof data !== 'object' || data === null) return false;
  const change = data as { kind?: unknown; projectId?: unknown };
  return (
    change.kind === 'projects' ||
    (change.kind === 'records' && typeof change.projectId === 'string')
  );
}

function changeKey(change: DatasetChange): string {
  return change.kind === 'records' ? `records:${change.projectId}` : change.kind;
}

/**
 * Opens the channel. `follow` gets the changes that other tabs announce, one call at a
 * time: changes that arrive while a call runs are gathered, without repeats, into the
 * next call, so a stream of announcements (an import's progress) costs one re-read at
 * a time. Where the browser has no BroadcastChannel, tabs do not follow each other.
 */
export function openDatasetChannel(
  follow: (changes: DatasetChange[]) => Promise<void>,
  name = DATASET_CHANNEL_NAME,
): DatasetChannel {
  if (typeof BroadcastChannel === 'undefined') return { announce() {}, close() {} };
  const channel = new BroadcastChannel(name);
  const pending = new Map<string, DatasetChange>();
  let following = false;
  let closed = false;

  async function drain(): Promise<void> {
    following = true;
    while (pending.size > 0 && !closed) {
      const changes = [...pending.values()];
      pending.clear();
      try {
        await follow(changes);
      } catch (error) {
        console.error('could not follow a dataset change made in another tab:', error);
      }
    }
    following = false;
  }

  channel.onmessage = (event: MessageEvent<unknown>) => {
    if (!isDatasetChange(event.data)) return;
    pending.set(changeKey(event.data), event.data);
    if (!following) void drain();
  };

  return {
    announce(change) {
      if (!closed) channel.postMessage(change);
    },
    close() {
      closed = true;
      pending.clear();
      channel.close();
    },
  };
}
