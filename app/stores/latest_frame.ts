/** Something that holds memory until closed: an ImageBitmap, a VideoFrame. */
export interface Closable {
  close(): void;
}

/**
 * Hands camera frames to a slow consumer, newest frame first: at most one frame is being
 * processed and one waits. A frame offered while another waits replaces it, and the
 * replaced one is closed, so frames never queue up behind a slow detector.
 */
export class LatestFrameQueue<F extends Closable> {
  private busy = false;
  private waiting: F | null = null;
  /** Frames replaced before they were processed. */
  dropped = 0;

  /**
   * `process` owns each frame it is given (it closes or transfers it) and resolves once
   * the frame's work is done; when it fails, `onError` hears why and the next frame runs.
   */
  constructor(
    private readonly process: (frame: F) => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Processes the frame now if nothing is in flight, else makes it the waiting one. */
  offer(frame: F): void {
    if (!this.busy) {
      void this.run(frame);
      return;
    }
    if (this.waiting) {
      this.waiting.close();
      this.dropped += 1;
    }
    this.waiting = frame;
  }

  /** Closes the waiting frame, if any; the one in flight finishes. */
  clear(): void {
    this.waiting?.close();
    this.waiting = null;
  }

  /** True while a frame is being processed. */
  get inFlight(): boolean {
    return this.busy;
  }

  private async run(frame: F): Promise<void> {
    this.busy = true;
    try {
      await this.process(frame);
    } catch (error) {
      this.onError(error);
    } finally {
      this.busy = false;
    }
    const next = this.waiting;
    this.waiting = null;
    if (next) void this.run(next);
  }
}
