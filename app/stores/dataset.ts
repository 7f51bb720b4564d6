import { create } from 'zustand';
import type { ImportEntry } from '../dataset/class_paths';
import { startDatasetWorker, type DatasetWorkerClient } from '../dataset/dataset_client';
import {
  openDatasetChannel,
  type DatasetChange,
  type DatasetChannel,
} from '../dataset/dataset_channel';
import {
  addedEntry,
  createdClassEntry,
  deleteClassEdit,
  deleteImagesEdit,
  markTestEdit,
  moveImagesEdit,
  recolorClassEdit,
  renameClassEdit,
} from '../dataset/edits';
import { DatasetHistory, type HistoryEntry } from '../dataset/history';
import type { ImportReport } from '../dataset/ingest';
import { DatasetRepository } from '../dataset/repository';
import type { DatasetClass, ImageRecord, Project } from '../dataset/types';
import { closeCamera, openCamera } from '../util/camera';
import type {
  DatasetWorkerProgress,
  WorkerImportEntry,
} from '../dataset/worker_protocol';

const OPEN_PROJECT_SETTING = 'studio.dataset.project';
/** The Web Lock a tab holds while it looks for projects and makes the first one. */
const FIRST_PROJECT_LOCK = 'studio.dataset.firstProject';

/** Shown when another tab's change to the open project empties this tab's undo. */
const CHANGED_ELSEWHERE = 'Changed in another tab: undo history cleared.';

/** Long work in progress: an import, a capture or an export. */
export interface DatasetJob {
  label: string;
  done: number;
  total: number;
  cancellable: boolean;
}

/** An import's report, with what was imported, for the page to show. */
export interface ShownReport extends ImportReport {
  title: string;
}

/** A short message after an edit, with an undo button when the edit can be undone. */
export interface DatasetNotice {
  message: string;
  undoable: boolean;
}

export interface CameraState {
  status: 'off' | 'starting' | 'on' | 'error';
  stream: MediaStream | null;
  error: string | null;
  /** Frames captured since the camera was started. */
  captured: number;
}

interface DatasetState {
  status: 'starting' | 'ready' | 'error';
  error: string | null;
  projects: Project[];
  project: Project | null;
  classes: DatasetClass[];
  /** The open project's images (not the trashed ones), in the order they were added. */
  images: ImageRecord[];
  selectedClassId: string | null;
  selectedImageIds: ReadonlySet<string>;
  /** The image a shift-click extends a selection from. */
  anchorImageId: string | null;
  undoLabel: string | null;
  redoLabel: string | null;
  job: DatasetJob | null;
  report: ShownReport | null;
  notice: DatasetNotice | null;
  /** Bytes this site stores, and may store, as the browser estimates them. */
  storage: { usage: number; quota: number } | null;
  camera: CameraState;

  start(): Promise<void>;
  openProject(id: string): Promise<void>;
  createProject(name: string): Promise<void>;
  renameProject(name: string): Promise<void>;
  deleteProject(): Promise<void>;
  setMaxSide(pixels: number): Promise<void>;

  addClass(name?: string): Promise<void>;
  renameClass(id: string, name: string): Promise<void>;
  recolorClass(id: string, color: string): Promise<void>;
  deleteClass(id: string): Promise<void>;
  selectClass(id: string): void;

  selectImage(id: string, mode: 'only' | 'toggle' | 'range'): void;
  selectAllInClass(): void;
  clearSelection(): void;
  moveSelected(classId: string): Promise<void>;
  moveSelectedToClassNumber(number: number): Promise<void>;
  deleteSelected(): Promise<void>;
  /** Marks the selected images as test images (kept out of training) or training ones. */
  markSelectedTest(isTest: boolean): Promise<void>;
  /** Moves one image to a class, as an undoable step (training's relabelling). */
  moveImage(imageId: string, classId: string): Promise<void>;
  /** Marks images as test or training images, as one undoable step. */
  markTest(imageIds: string[], isTest: boolean): Promise<void>;
  undo(): Promise<void>;
  redo(): Promise<void>;

  importFiles(entries: ImportEntry[], classId?: string): Promise<void>;
  importZip(zip: File): Promise<void>;
  exportZip(): Promise<void>;
  cancelJob(): void;
  dismissReport(): void;
  dismissNotice(): void;

  startCamera(): Promise<void>;
  stopCamera(): void;
  /** Stores a webcam frame in the selected class, after the frames before it. */
  addCapture(frame: Blob): void;
  /** Frames added between these two calls (a held button's burst) undo as one step. */
  beginBurst(): void;
  endBurst(): void;

  readThumbnail(id: string): Promise<Blob | undefined>;
  /** The stored image at working size, or undefined when it is gone. */
  readImage(id: string): Promise<Blob | undefined>;
}

let repository: DatasetRepository | null = null;
let starting: Promise<void> | null = null;
let history: DatasetHistory | null = null;
let worker: DatasetWorkerClient | null = null;
/** Tells other tabs about this tab's writes, and hears of theirs. */
let channel: DatasetChannel | null = null;
/**
 * How many times another tab's change has emptied this tab's undo history. A step that
 * began before such a change (an import, a burst) is not recorded when it ends.
 */
let followedChanges = 0;
let jobController: AbortController | null = null;
let captureQueue: Promise<void> = Promise.resolve();
let captureNumber = 0;
/** The frames a burst in progress has stored, recorded for undo when it ends. */
let burst: ImageRecord[] | null = null;
let burstSince = 0;

function repo(): DatasetRepository {
  if (!repository) throw new Error('the dataset store has not started');
  return repository;
}

function datasetWorker(): DatasetWorkerClient {
  worker ??= startDatasetWorker();
  return worker;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function estimateStorage(): Promise<{ usage: number; quota: number } | null> {
  if (!navigator.storage?.estimate) return null;
  const { usage = 0, quota = 0 } = await navigator.storage.estimate();
  return { usage, quota };
}

/** Files plain or lazily read; the worker takes only Blobs, which it reads itself. */
async function toWorkerEntries(entries: ImportEntry[]): Promise<WorkerImportEntry[]> {
  return Promise.all(
    entries.map(async ({ file, relativePath }) => ({
      file: typeof file === 'function' ? await file() : file,
      relativePath,
    })),
  );
}

export const useDataset = create<DatasetState>((set, get) => {
  /** Rereads the open project's classes and images, after an edit or an undo. */
  async function reload(): Promise<void> {
    const project = get().project;
    if (!project) return;
    const [classes, images] = await Promise.all([
      repo().listClasses(project.id),
      repo().listImages(project.id),
    ]);
    if (get().project?.id !== project.id) return;
    const live = new Set(images.map((image) => image.id));
    const selected = new Set([...get().selectedImageIds].filter((id) => live.has(id)));
    const anchor = get().anchorImageId;
    const selectedClassId = classes.some((c) => c.id === get().selectedClassId)
      ? get().selectedClassId
      : (classes[0]?.id ?? null);
    set({
      classes,
      images,
      selectedImageIds: selected,
      anchorImageId: anchor && live.has(anchor) ? anchor : null,
      selectedClassId,
    });
    syncHistory();
  }

  function syncHistory(): void {
    set({ undoLabel: history?.nextUndo ?? null, redoLabel: history?.nextRedo ?? null });
  }

  /** Applies an undoable edit, reloads, and says what happened. */
  async function edit(entry: HistoryEntry, notice = false): Promise<void> {
    const projectId = get().project?.id;
    if (!history || !projectId || entry.patches.length === 0) return;
    try {
      await history.apply(entry);
      announceRecords(projectId);
      await reload();
      if (notice) set({ notice: { message: `Done: ${entry.label}.`, undoable: true } });
    } catch (error) {
      set({ error: `could not ${entry.label}: ${message(error)}` });
    }
  }

  async function refreshProjects(): Promise<void> {
    set({ projects: await repo().listProjects() });
  }

  function announceRecords(projectId: string): void {
    channel?.announce({ kind: 'records', projectId });
  }

  function announceProjects(): void {
    channel?.announce({ kind: 'projects' });
  }

  /**
   * The projects, after making an empty "My dataset" if there are none. Tabs take turns
   * (a Web Lock, where the browser has them), so that two tabs opened at once, or two
   * following the deletion of the last project, make one project and not two.
   */
  async function projectsOrFirst(): Promise<Project[]> {
    const listOrCreate = async () => {
      const projects = await repo().listProjects();
      if (projects.length > 0) return projects;
      await repo().createProject('My dataset');
      announceProjects();
      return repo().listProjects();
    };
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
    return locks ? locks.request(FIRST_PROJECT_LOCK, listOrCreate) : listOrCreate();
  }

  /** Opens the most recently changed project, making an empty one if none is left. */
  async function openFirst(): Promise<void> {
    const projects = await projectsOrFirst();
    set({ projects });
    await get().openProject(projects[0].id);
  }

  /**
   * Another tab changed the open project's classes or images (or purged its trash), so
   * this tab's undo history is emptied, with a notice when it held anything. Its steps
   * hold field values from before that change: undoing one could overwrite the other
   * tab's edit, bring back what it deleted, or claim to restore what it purged. Each
   * tab keeps the undo of the edits it made itself.
   */
  function forgetHistory(): void {
    followedChanges += 1;
    if (!history || (!history.canUndo && !history.canRedo)) return;
    history.clear();
    syncHistory();
    set({ notice: { message: CHANGED_ELSEWHERE, undoable: false } });
  }

  /**
   * Follows projects another tab created, renamed, resized or deleted. When the open
   * project was deleted there, this tab stops its import in it and opens another
   * project, as deleting it here would.
   */
  async function followProjects(): Promise<void> {
    const projects = await repo().listProjects();
    const open = get().project;
    const current = projects.find((p) => p.id === open?.id);
    if (!open || current) {
      set({ projects, project: current ?? open });
      return;
    }

    // Opening another project empties the undo history; counting the change keeps an
    // import or a burst in the deleted project out of the new project's history.
    followedChanges += 1;
    jobController?.abort();
    await openFirst();
    set({
      notice: {
        message: `Project ${open.name} was deleted in another tab.`,
        undoable: false,
      },
    });
  }

  /** Re-reads what other tabs changed: the project list, the open project's records. */
  async function followOtherTabs(changes: DatasetChange[]): Promise<void> {
    await get().start();
    if (get().status !== 'ready') return;
    try {
      if (changes.some((change) => change.kind === 'projects')) await followProjects();
      const open = get().project?.id;
      if (
        changes.some((change) => change.kind === 'records' && change.projectId === open)
      ) {
        forgetHistory();
        await reload();
        await refreshStorage();
      }
    } catch (error) {
      set({ error: `could not follow a change made in another tab: ${message(error)}` });
    }
  }

  /**
   * Deletes what a finished import or capture stored in a project that another tab
   * deleted meanwhile: records whose project is gone would be reached by nothing.
   */
  async function sweepIfDeleted(projectId: string): Promise<void> {
    if (!(await repo().getProject(projectId))) await repo().deleteProject(projectId);
  }

  async function refreshStorage(): Promise<void> {
    set({ storage: await estimateStorage().catch(() => null) });
  }

  /**
   * Adds what the worker stored since its last update to the page's lists, and to
   * `collected` for the undo step; `ofJob` says whether it is the running job's progress.
   */
  function takeProgress(
    progress: DatasetWorkerProgress,
    collected: { images: ImageRecord[]; classes: DatasetClass[] },
    ofJob: boolean,
  ): void {
    collected.images.push(...progress.images);
    collected.classes.push(...progress.classes);
    const stored = [...progress.images, ...progress.classes];
    for (const projectId of new Set(stored.map((record) => record.projectId)))
      announceRecords(projectId);

    // A re-read for another tab's change may already list what this update brings.
    const state = get();
    const projectId = state.project?.id;
    const listed = new Set(
      [...state.images, ...state.classes].map((record) => record.id),
    );
    const images = progress.images.filter(
      (image) => image.projectId === projectId && !listed.has(image.id),
    );
    const classes = progress.classes.filter(
      (c) => c.projectId === projectId && !listed.has(c.id),
    );
    set({
      images: images.length ? [...state.images, ...images] : state.images,
      classes: classes.length ? [...state.classes, ...classes] : state.classes,
      selectedClassId: state.selectedClassId ?? classes[0]?.id ?? null,
      job:
        ofJob && state.job
          ? { ...state.job, done: progress.done, total: progress.total }
          : state.job,
    });
  }

  /** Runs an import in the worker with progress, then records it for undo and reports. */
  async function runImport(
    title: string,
    projectId: string,
    call: (
      onProgress: (progress: DatasetWorkerProgress) => void,
      signal: AbortSignal,
    ) => Promise<ImportReport>,
  ): Promise<void> {
    if (get().job) {
      set({ error: 'wait for the current import to finish, or cancel it' });
      return;
    }
    jobController = new AbortController();
    const since = followedChanges;
    const collected = { images: [] as ImageRecord[], classes: [] as DatasetClass[] };
    set({
      job: { label: title, done: 0, total: 0, cancellable: true },
      report: null,
      error: null,
    });
    void navigator.storage?.persist?.().catch(() => false);
    try {
      const report = await call(
        (progress) => takeProgress(progress, collected, true),
        jobController.signal,
      );
      set({ report: { ...report, title } });
    } catch (error) {
      set({ error: `${title} failed: ${message(error)}` });
    } finally {
      if (followedChanges === since)
        history?.record(addedEntry(collected.images, collected.classes));
      jobController = null;
      set({ job: null });
      await sweepIfDeleted(projectId);
      await reload();
      await refreshStorage();
    }
  }

  /** Opens the database and the last open project (or a first, empty one). */
  async function open(): Promise<void> {
    try {
      repository = await DatasetRepository.open();
      history = new DatasetHistory(repository);
      channel = openDatasetChannel(followOtherTabs);
      const projects = await projectsOrFirst();
      set({ projects, status: 'ready' });
      const saved = localStorage.getItem(OPEN_PROJECT_SETTING);
      await get().openProject(projects.find((p) => p.id === saved)?.id ?? projects[0].id);
    } catch (error) {
      set({
        status: 'error',
        error: `the dataset storage (IndexedDB) could not be opened: ${message(error)}`,
      });
    }
  }

  return {
    status: 'starting',
    error: null,
    projects: [],
    project: null,
    classes: [],
    images: [],
    selectedClassId: null,
    selectedImageIds: new Set(),
    anchorImageId: null,
    undoLabel: null,
    redoLabel: null,
    job: null,
    report: null,
    notice: null,
    storage: null,
    camera: { status: 'off', stream: null, error: null, captured: 0 },

    start() {
      starting ??= open();
      return starting;
    },

    async openProject(id) {
      const project = await repo().getProject(id);
      if (!project) return;
      if ((await repo().purgeTrash(id)) > 0) announceRecords(id);
      history?.clear();
      localStorage.setItem(OPEN_PROJECT_SETTING, id);
      set({
        project,
        selectedClassId: null,
        selectedImageIds: new Set(),
        report: null,
        notice: null,
      });
      await reload();
      await refreshStorage();
    },

    async createProject(name) {
      try {
        const project = await repo().createProject(name);
        announceProjects();
        await refreshProjects();
        await get().openProject(project.id);
      } catch (error) {
        set({ error: message(error) });
      }
    },

    async renameProject(name) {
      const project = get().project;
      if (!project) return;
      try {
        set({ project: await repo().updateProject(project.id, { name }) });
        announceProjects();
        await refreshProjects();
      } catch (error) {
        set({ error: message(error) });
      }
    },

    async deleteProject() {
      const project = get().project;
      if (!project || get().job) return;
      await repo().deleteProject(project.id);
      localStorage.removeItem(OPEN_PROJECT_SETTING);
      await openFirst();
      announceProjects();
      set({ notice: { message: `Deleted project ${project.name}.`, undoable: false } });
    },

    async setMaxSide(pixels) {
      const project = get().project;
      if (!project) return;
      try {
        set({
          project: await repo().updateProject(project.id, { maxSide: pixels }),
          error: null,
        });
        announceProjects();
      } catch (error) {
        set({ error: message(error) });
      }
    },

    async addClass(name) {
      const project = get().project;
      if (!project || !history) return;
      const taken = new Set(get().classes.map((c) => c.name));
      let fallback = `Class ${get().classes.length + 1}`;
      for (let n = get().classes.length + 2; taken.has(fallback); n++)
        fallback = `Class ${n}`;
      const created = await repo().createClass(project.id, name?.trim() || fallback);
      announceRecords(project.id);
      history.record(createdClassEntry(created));
      await reload();
      set({ selectedClassId: created.id, selectedImageIds: new Set() });
    },

    async renameClass(id, name) {
      const target = get().classes.find((c) => c.id === id);
      if (!target || target.name === name.trim()) return;
      if (!name.trim()) {
        set({ error: 'a class needs a name' });
        return;
      }
      await edit(renameClassEdit(target, name));
    },

    async recolorClass(id, color) {
      const target = get().classes.find((c) => c.id === id);
      if (target && target.color !== color) await edit(recolorClassEdit(target, color));
    },

    async deleteClass(id) {
      const target = get().classes.find((c) => c.id === id);
      if (target) await edit(deleteClassEdit(target, get().images), true);
    },

    selectClass(id) {
      if (id !== get().selectedClassId) {
        set({ selectedClassId: id, selectedImageIds: new Set(), anchorImageId: null });
      }
    },

    selectImage(id, mode) {
      const { selectedImageIds, anchorImageId, images, selectedClassId } = get();
      if (mode === 'only') {
        set({ selectedImageIds: new Set([id]), anchorImageId: id });
      } else if (mode === 'toggle') {
        const next = new Set(selectedImageIds);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        set({ selectedImageIds: next, anchorImageId: id });
      } else {
        const inClass = images.filter((image) => image.classId === selectedClassId);
        const from = inClass.findIndex((image) => image.id === (anchorImageId ?? id));
        const to = inClass.findIndex((image) => image.id === id);
        const [low, high] = from < to ? [from, to] : [to, from];
        const next = new Set(selectedImageIds);
        for (const image of inClass.slice(Math.max(0, low), high + 1)) next.add(image.id);
        set({ selectedImageIds: next });
      }
    },

    selectAllInClass() {
      const { images, selectedClassId } = get();
      set({
        selectedImageIds: new Set(
          images
            .filter((image) => image.classId === selectedClassId)
            .map((image) => image.id),
        ),
      });
    },

    clearSelection() {
      set({ selectedImageIds: new Set(), anchorImageId: null });
    },

    async moveSelected(classId) {
      const { images, selectedImageIds, classes } = get();
      const to = classes.find((c) => c.id === classId);
      const chosen = images.filter((image) => selectedImageIds.has(image.id));
      if (!to || chosen.length === 0) return;
      await edit(moveImagesEdit(chosen, to), true);
      set({ selectedImageIds: new Set() });
    },

    async moveSelectedToClassNumber(number) {
      const target = get().classes[number - 1];
      if (target) await get().moveSelected(target.id);
    },

    async deleteSelected() {
      const { images, selectedImageIds } = get();
      const chosen = images.filter((image) => selectedImageIds.has(image.id));
      if (chosen.length === 0) return;
      await edit(deleteImagesEdit(chosen), true);
      set({ selectedImageIds: new Set() });
    },

    async markSelectedTest(isTest) {
      await get().markTest([...get().selectedImageIds], isTest);
      set({ selectedImageIds: new Set() });
    },

    async moveImage(imageId, classId) {
      const image = get().images.find((candidate) => candidate.id === imageId);
      const to = get().classes.find((c) => c.id === classId);
      if (!image) throw new Error('that image is no longer in the dataset');
      if (!to) throw new Error('that class no longer exists');
      await edit(moveImagesEdit([image], to), true);
    },

    async markTest(imageIds, isTest) {
      const ids = new Set(imageIds);
      const chosen = get().images.filter((image) => ids.has(image.id));
      if (chosen.length > 0) await edit(markTestEdit(chosen, isTest), true);
    },

    async undo() {
      const project = get().project;
      if (!history?.canUndo || !project || get().job) return;
      try {
        const entry = await history.undo();
        if (entry) announceRecords(project.id);
        await reload();
        if (entry)
          set({ notice: { message: `Undone: ${entry.label}.`, undoable: false } });
      } catch (error) {
        set({ error: `undo failed: ${message(error)}` });
      }
    },

    async redo() {
      const project = get().project;
      if (!history?.canRedo || !project || get().job) return;
      try {
        const entry = await history.redo();
        if (entry) announceRecords(project.id);
        await reload();
        if (entry)
          set({ notice: { message: `Redone: ${entry.label}.`, undoable: true } });
      } catch (error) {
        set({ error: `redo failed: ${message(error)}` });
      }
    },

    async importFiles(entries, classId) {
      const project = get().project;
      if (!project || entries.length === 0) return;
      const into = classId && get().classes.find((c) => c.id === classId);
      const title = into
        ? `Adding ${entries.length} files to ${into.name}`
        : `Importing ${entries.length} files`;
      const workerEntries = await toWorkerEntries(entries);
      await runImport(title, project.id, (onProgress, signal) =>
        datasetWorker().call(
          'import',
          {
            projectId: project.id,
            maxSide: project.maxSide,
            classId,
            entries: workerEntries,
          },
          { onProgress, signal },
        ),
      );
    },

    async importZip(zip) {
      const name = zip.name.replace(/\.zip$/i, '') || 'Imported dataset';
      let project: Project;
      try {
        project = await repo().createProject(name);
      } catch (error) {
        set({ error: message(error) });
        return;
      }
      announceProjects();
      await refreshProjects();
      await get().openProject(project.id);
      await runImport(`Importing ${zip.name}`, project.id, (onProgress, signal) =>
        datasetWorker().call(
          'importZip',
          { projectId: project.id, maxSide: project.maxSide, zip },
          { onProgress, signal },
        ),
      );
    },

    async exportZip() {
      const project = get().project;
      if (!project || get().job) return;
      jobController = new AbortController();
      set({
        job: { label: 'Writing zip', done: 0, total: 0, cancellable: true },
        error: null,
      });
      try {
        const zip = await datasetWorker().call(
          'export',
          { projectId: project.id },
          {
            signal: jobController.signal,
            onProgress: (p) =>
              set({
                job: {
                  label: 'Writing zip',
                  done: p.done,
                  total: p.total,
                  cancellable: true,
                },
              }),
          },
        );
        const url = URL.createObjectURL(zip);
        const link = document.createElement('a');
        link.href = url;
        link.download = `${project.name.replace(/[\\/:*?"<>|]/g, '_')}.zip`;
        link.click();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      } catch (error) {
        set({ error: `export failed: ${message(error)}` });
      } finally {
        jobController = null;
        set({ job: null });
      }
    },

    cancelJob() {
      jobController?.abort();
    },

    dismissReport() {
      set({ report: null });
    },

    dismissNotice() {
      set({ notice: null, error: null });
    },

    async startCamera() {
      if (get().camera.stream) return;
      set({ camera: { status: 'starting', stream: null, error: null, captured: 0 } });
      try {
        const stream = await openCamera(undefined, { width: 1280, height: 720 });
        set({ camera: { status: 'on', stream, error: null, captured: 0 } });
      } catch (error) {
        set({
          camera: { status: 'error', stream: null, error: message(error), captured: 0 },
        });
      }
    },

    stopCamera() {
      const stream = get().camera.stream;
      if (stream) closeCamera(stream);
      set({ camera: { status: 'off', stream: null, error: null, captured: 0 } });
    },

    addCapture(frame) {
      const { project, selectedClassId, camera } = get();
      if (!project || !selectedClassId) return;
      set({ camera: { ...camera, captured: camera.captured + 1 } });
      captureNumber += 1;
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const file = new File([frame], `webcam-${stamp}-${captureNumber}.jpg`, {
        type: 'image/jpeg',
      });
      captureQueue = captureQueue.then(async () => {
        const since = followedChanges;
        try {
          const collected = {
            images: [] as ImageRecord[],
            classes: [] as DatasetClass[],
          };
          const report = await datasetWorker().call(
            'import',
            {
              projectId: project.id,
              maxSide: project.maxSide,
              classId: selectedClassId,
              entries: [{ file, relativePath: file.name }],
            },
            { onProgress: (p) => takeProgress(p, collected, false) },
          );
          await sweepIfDeleted(project.id);
          if (burst) burst.push(...collected.images);
          else if (followedChanges === since)
            history?.record(addedEntry(collected.images));
          syncHistory();
          if (report.stopped) set({ error: report.stopped });
        } catch (error) {
          set({ error: `a captured frame was not stored: ${message(error)}` });
        }
      });
    },

    beginBurst() {
      captureQueue = captureQueue.then(() => {
        burst = [];
        burstSince = followedChanges;
      });
    },

    endBurst() {
      captureQueue = captureQueue.then(() => {
        if (burst && followedChanges === burstSince) history?.record(addedEntry(burst));
        burst = null;
        syncHistory();
      });
    },

    readThumbnail(id) {
      return repo().readThumbnail(id);
    },

    readImage(id) {
      return repo().readImage(id);
    },
  };
});
