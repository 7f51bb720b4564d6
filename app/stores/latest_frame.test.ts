import { describe, expect, it } from 'vitest';

import { LatestFrameQueue } from './latest_frame';

class Frame {
  closed = false;
  constructor(readonly id: number) {}
  close(): void {
    this.closed = true;
  }
}

/** A consumer whose work on each frame ends when the test says so. */
function slowConsumer() {
  const seen: number[] = [];
  const finishers: (() => void)[] = [];
  const process = (frame: Frame) =>
    new Promise<void>((resolve) => {
      seen.push(frame.id);
      finishers.push(() => {
        frame.close();
        resolve();
      });
    });
  const finishOne = async () => {
    finishers.shift()?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { seen, process, finishOne };
}

describe('LatestFrameQueue', () => {
  it('processes at once when idle, and the newest of the frames that came meanwhile', async () => {
    const consumer = slowConsumer();
    const queue = new LatestFrameQueue(consumer.process, () => undefined);
    const frames = [1, 2, 3, 4].map((id) => new Frame(id));

    queue.offer(frames[0]);
    expect(queue.inFlight).toBe(true);
    queue.offer(frames[1]);
    queue.offer(frames[2]);
    queue.offer(frames[3]);
    expect(consumer.seen).toEqual([1]);
    expect(frames[1].closed && frames[2].closed).toBe(true);
    expect(frames[3].closed).toBe(false);
    expect(queue.dropped).toBe(2);

    await consumer.finishOne();
    expect(consumer.seen).toEqual([1, 4]);
    await consumer.finishOne();
    expect(queue.inFlight).toBe(false);
    expect(frames.every((frame) => frame.closed)).toBe(true);
  });

  it('clear closes the waiting frame and lets the one in flight finish', async () => {
    const consumer = slowConsumer();
    const queue = new LatestFrameQueue(consumer.process, () => undefined);
    const [first, second] = [new Frame(1), new Frame(2)];

    queue.offer(first);
    queue.offer(second);
    queue.clear();
    expect(second.closed).toBe(true);

    await consumer.finishOne();
    expect(consumer.seen).toEqual([1]);
    expect(queue.inFlight).toBe(false);
  });

  it('keeps going after a frame whose processing failed', async () => {
    const seen: number[] = [];
    const errors: string[] = [];
    const queue = new LatestFrameQueue<Frame>(
      async (frame) => {
        seen.push(frame.id);
        if (frame.id === 1) throw new Error('detector failed');
      },
      (error) => errors.push((error as Error).message),
    );

    queue.offer(new Frame(1));
    queue.offer(new Frame(2));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(errors).toEqual(['detector failed']);
    expect(seen).toEqual([1, 2]);
    expect(queue.inFlight).toBe(false);
  });
});
