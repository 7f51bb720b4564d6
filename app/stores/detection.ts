import { create } from 'zustand';
import { DEFAULT_DETECT_OPTIONS, type DetectOptions } from '../ml/detect/detection';
import type {
  DetectorSummary,
  FolderEvaluation,
  ImageDetections,
} from '../ml/detect/detector_session';
import { parseClassNames } from '../ml/detect/yolo';
import { pairYoloFiles, type YoloItem } from '../ml/detect/yolo_folder';
import type { CachedModelRecord } from '../models/model_cache';
import { closeCamera, openCamera } from '../util/camera';
import type { MemoryReport } from '../worker/protocol';
import { LatestFrameQueue } from './latest_frame';
import {
  createModelSlot,
  renameFields,
  type LoadedModel,
  type LoadProgress,
  type SlotStatus,
} from './model_slot';
import { ml } from './studio';

const ACTIVE_DETECTOR_SETTING = 'studio.activeDetector';

/** Where the detector's model slot writes in this store; it has no download notice. */
const DETECTOR_FIELDS = {
  status: 'loadStatus',
  error: 'loadError',
  progress: 'progress',
  model: 'detector',
  cached: 'cachedDetectors',
} as const;

/** Evaluation keeps low-scoring detections, as COCO's does, so the curve is complete. */
export const EVALUATION_OPTIONS = { scoreThreshold: 0.01, maxDetections: 100 };

/** Frames per second are averaged over this many of the latest results. */
const FPS_WINDOW = 10;

export interface ImageResult extends ImageDetections {
  fileName: string;
  imageUrl: string;
}

export type CameraStatus = 'off' | 'starting' | 'running' | 'paused' | 'error';

export interface LiveStats {
  /** Frames the detector has answered since the camera started. */
  frames: number;
  /** Answered frames per second over the latest few. */
  fps: number;
  inferenceMs: number;
  /** The worker's tensors after the latest frame. */
  memory: MemoryReport | null;
  /** Frames replaced by a newer one before the detector saw them. */
  dropped: number;
}

export interface EvaluationState {
  status: 'idle' | 'running' | 'done' | 'error';
  done: number;
  total: number;
  result: FolderEvaluation | null;
  error: string | null;
}

interface DetectionState {
  detector: LoadedModel<DetectorSummary> | null;
  loadStatus: SlotStatus;
  progress: LoadProgress | null;
  loadError: string | null;
  cachedDetectors: CachedModelRecord[];
  options: DetectOptions;

  image: ImageResult | null;
  imageError: string | null;
  detectingImage: boolean;

  camera: CameraStatus;
  cameraError: string | null;
  stream: MediaStream | null;
  devices: { deviceId: string; label: string }[];
  deviceId: string | null;
  live: ImageDetections | null;
  /** Why the latest camera frame could not be detected; cleared by the next success. */
  liveError: string | null;
  stats: LiveStats;

  evaluation: EvaluationState;

  /** Lists the cached detectors and reloads the one used last, once the backend runs. */
  start(): Promise<void>;
  loadFromCatalog(id: string): Promise<void>;
  loadFromUrl(text: string): Promise<void>;
  loadFromFiles(files: File[]): Promise<void>;
  loadCached(id: string): Promise<void>;
  deleteCached(id: string): Promise<void>;
  /** Stops the download or file read in progress; the detector loaded before stays. */
  cancelLoad(): void;
  /**
   * Settles once the detector being loaded is kept in Cache Storage (or could not be):
   * it becomes ready before that, and whoever reads it back from the cache waits here.
   */
  modelKept(): Promise<void>;
  setOptions(options: Partial<DetectOptions>): void;

  detectImage(file: File): Promise<void>;

  startCamera(deviceId?: string): Promise<void>;
  /** Hands one camera frame to the worker, newest frame first; the store owns it now. */
  offerFrame(frame: ImageBitmap): void;
  pause(): void;
  resume(): void;
  stopCamera(): void;

  /** Scores the detector on a chosen YOLO folder, its first `limit` images if given. */
  evaluateFolder(files: File[], limit?: number): Promise<void>;
  cancelEvaluation(): void;
}

let evaluationAbort: AbortController | null = null;
let started = false;
/** The photo shown, kept to detect again when the options change. */
let imageFile: File | null = null;
/** True when the options changed while the photo was being detected: run it again. */
let imageRerun = false;
let resultTimes: number[] = [];

export const useDetection = create<DetectionState>((set, get) => {
  const frames = new LatestFrameQueue<ImageBitmap>(
    async (frame) => {
      const options = get().options;
      const result = await ml().call(
        'detect',
        { image: frame, options },
        { transfer: [frame] },
      );
      const now = performance.now();
      resultTimes = [...resultTimes.slice(-(FPS_WINDOW - 1)), now];
      const span = (now - resultTimes[0]) / 1000;
      const { stats } = get();
      set({
        live: result,
        liveError: null,
        stats: {
          frames: stats.frames + 1,
          fps: span > 0 ? (resultTimes.length - 1) / span : 0,
          inferenceMs: result.inferenceMs,
          memory: result.memory,
          dropped: frames.dropped,
        },
      });
    },
    (error) => set({ liveError: `detection failed: ${(error as Error).message}` }),
  );

  const slot = createModelSlot<DetectorSummary>({
    task: 'detection',
    noun: 'detector',
    activeSetting: ACTIVE_DETECTOR_SETTING,
    load: (name, files, onProgress) =>
      ml().call('loadDetector', { name, files }, { onProgress }),
    // The class filter named labels of the detector before; the new one may lack them.
    loaded: () => set({ options: { ...get().options, classFilter: undefined } }),
    current: () => get().detector,
    show: (fields) => set(renameFields(fields, DETECTOR_FIELDS)),
  });

  async function runImage(file: File, imageUrl: string): Promise<void> {
    set({ detectingImage: true, imageError: null });
    try {
      do {
        imageRerun = false;
        const result = await ml().call('detect', { image: file, options: get().options });
        if (imageFile !== file) return;
        set({ image: { ...result, fileName: file.name, imageUrl } });
      } while (imageRerun);
    } catch (error) {
      set({ imageError: `${file.name}: ${(error as Error).message}` });
    } finally {
      set({ detectingImage: false });
    }
  }

  return {
    detector: null,
    loadStatus: 'none',
    progress: null,
    loadError: null,
    cachedDetectors: [],
    options: { ...DEFAULT_DETECT_OPTIONS },
    image: null,
    imageError: null,
    detectingImage: false,
    camera: 'off',
    cameraError: null,
    stream: null,
    devices: [],
    deviceId: null,
    live: null,
    liveError: null,
    stats: { frames: 0, fps: 0, inferenceMs: 0, memory: null, dropped: 0 },
    evaluation: { status: 'idle', done: 0, total: 0, result: null, error: null },

    async start() {
      if (started) return;
      started = true;
      await slot.restoreActive();
    },

    loadFromCatalog: slot.loadFromCatalog,
    loadFromUrl: slot.loadFromUrl,
    loadFromFiles: slot.loadFromFiles,
    loadCached: slot.loadCached,
    deleteCached: slot.deleteCached,
    cancelLoad: slot.cancelLoad,
    modelKept: slot.modelKept,

    setOptions(options) {
      set({ options: { ...get().options, ...options } });
      if (!imageFile || !get().image) return;
      if (get().detectingImage) imageRerun = true;
      else void runImage(imageFile, get().image!.imageUrl);
    },

    async detectImage(file) {
      const previous = get().image;
      if (previous) URL.revokeObjectURL(previous.imageUrl);
      imageFile = file;
      set({ image: null });
      await runImage(file, URL.createObjectURL(file));
    },

    async startCamera(deviceId) {
      get().stopCamera();
      set({ camera: 'starting', cameraError: null, deviceId: deviceId ?? null });
      let stream: MediaStream;
      try {
        stream = await openCamera(deviceId);
      } catch (error) {
        set({ camera: 'error', cameraError: (error as Error).message });
        return;
      }

      const track = stream.getVideoTracks()[0];
      resultTimes = [];
      frames.dropped = 0;
      set({
        stream,
        camera: 'running',
        deviceId: track?.getSettings().deviceId ?? deviceId ?? null,
        live: null,
        stats: { frames: 0, fps: 0, inferenceMs: 0, memory: null, dropped: 0 },
      });
      const devices = await navigator.mediaDevices.enumerateDevices();
      set({
        devices: devices
          .filter((device) => device.kind === 'videoinput')
          .map((device, i) => ({
            deviceId: device.deviceId,
            label: device.label || `camera ${i + 1}`,
          })),
      });
    },

    offerFrame(frame) {
      if (get().camera !== 'running' || !get().detector) {
        frame.close();
        return;
      }
      frames.offer(frame);
    },

    pause() {
      if (get().camera !== 'running') return;
      frames.clear();
      set({ camera: 'paused' });
    },

    resume() {
      if (get().camera === 'paused') set({ camera: 'running' });
    },

    stopCamera() {
      frames.clear();
      const stream = get().stream;
      if (stream) closeCamera(stream);
      set({ stream: null, camera: 'off', live: null });
    },

    async evaluateFolder(files, limit) {
      const folder = pairYoloFiles(
        files.map((file) => ({ path: file.webkitRelativePath || file.name, file })),
      );
      const fail = (error: string) =>
        set({ evaluation: { status: 'error', done: 0, total: 0, result: null, error } });
      if (!folder.classNames) {
        return fail(
          'the folder has no classes.txt (one class name a line, line index = class id)',
        );
      }
      if (folder.images.length === 0) {
        return fail('the folder has no images/ folder with .jpg or .png photos');
      }

      const chosen = folder.images.slice(0, limit && limit > 0 ? limit : undefined);
      let classNames: string[];
      try {
        classNames = parseClassNames(await folder.classNames.text());
      } catch (error) {
        return fail((error as Error).message);
      }
      const items: YoloItem<Blob>[] = await Promise.all(
        chosen.map(async ({ id, image, labels }) => ({
          id,
          image,
          labelText: labels ? await labels.text() : '',
        })),
      );

      const abort = (evaluationAbort = new AbortController());
      set({
        evaluation: {
          status: 'running',
          done: 0,
          total: items.length,
          result: null,
          error: null,
        },
      });
      try {
        const result = await ml().call(
          'evaluateDetector',
          {
            classNames,
            items,
            options: { ...EVALUATION_OPTIONS, iouThreshold: get().options.iouThreshold },
          },
          {
            signal: abort.signal,
            onProgress: ({ done, total }) =>
              set({ evaluation: { ...get().evaluation, done, total } }),
          },
        );
        set({ evaluation: { ...get().evaluation, status: 'done', result } });
      } catch (error) {
        const cancelled = (error as Error).name === 'AbortError';
        set({
          evaluation: {
            ...get().evaluation,
            status: cancelled ? 'idle' : 'error',
            error: cancelled ? null : (error as Error).message,
          },
        });
      } finally {
        evaluationAbort = null;
      }
    },

    cancelEvaluation() {
      evaluationAbort?.abort();
    },
  };
});
