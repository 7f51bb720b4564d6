import { useEffect, useRef, useState } from 'react';
import { useDataset } from '../../stores/dataset';
import { CameraCapture } from './CameraCapture';
import { ClassList } from './ClassList';
import { ClassView } from './ClassView';
import './dataset.css';
import { entriesFromDrop, entriesFromPicker } from './drop_entries';
import { ImportStatus } from './ImportStatus';
import { ProjectBar } from './ProjectBar';

let started = false;

function typingIn(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return (
    !!element &&
    (/^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName) || element.isContentEditable)
  );
}

/** Digits move the selection to class N, Delete removes it, Ctrl+Z / Ctrl+Y undo and redo. */
function onKeyDown(event: KeyboardEvent): void {
  if (typingIn(event.target)) return;
  const state = useDataset.getState();
  const key = event.key.toLowerCase();
  const command = event.ctrlKey || event.metaKey;
  if (command && key === 'z' && !event.shiftKey) void state.undo();
  else if (command && (key === 'y' || (key === 'z' && event.shiftKey))) void state.redo();
  else if (command || event.altKey) return;
  else if (/^[1-9]$/.test(event.key))
    void state.moveSelectedToClassNumber(Number(event.key));
  else if (event.key === 'Delete' || event.key === 'Backspace')
    void state.deleteSelected();
  else if (event.key === 'Escape') state.clearSelection();
  else return;
  event.preventDefault();
}

/**
 * Labelling a dataset: projects, classes as drop targets, the images of a class, the
 * webcam, import and export. Everything is stored in the browser as it happens.
 */
export function DatasetPanel() {
  const status = useDataset((s) => s.status);
  const undoLabel = useDataset((s) => s.undoLabel);
  const redoLabel = useDataset((s) => s.redoLabel);
  const busy = useDataset((s) => s.job !== null);
  const hasImages = useDataset((s) => s.images.length > 0);
  const { importFiles, importZip, exportZip, undo, redo } = useDataset.getState();
  const [over, setOver] = useState(false);
  const folderInput = useRef<HTMLInputElement>(null);
  const zipInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!started) {
      started = true;
      void useDataset.getState().start();
    }
    folderInput.current?.setAttribute('webkitdirectory', '');
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <section
      className={`panel ds-panel${over ? ' ds-panel--over' : ''}`}
      aria-labelledby="dataset-heading"
      data-testid="dataset-panel"
      data-status={status}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node)) setOver(false);
      }}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        const zip = Array.from(event.dataTransfer.files).find((f) =>
          /\.zip$/i.test(f.name),
        );
        if (zip) {
          void importZip(zip);
          return;
        }
        void entriesFromDrop(event.dataTransfer).then((entries) => importFiles(entries));
      }}
    >
      <h2 id="dataset-heading">Dataset</h2>
      <ProjectBar />
      <div className="ds-toolbar">
        <button
          type="button"
          disabled={busy}
          onClick={() => folderInput.current?.click()}
        >
          Import class folders…
        </button>
        <button type="button" disabled={busy} onClick={() => zipInput.current?.click()}>
          Import zip…
        </button>
        <button
          type="button"
          data-testid="export-zip"
          disabled={busy || !hasImages}
          onClick={() => void exportZip()}
        >
          Export zip
        </button>
        <span className="ds-toolbar__gap" />
        <button
          type="button"
          data-testid="undo"
          disabled={!undoLabel || busy}
          title={undoLabel ? `Undo ${undoLabel} (Ctrl+Z)` : 'Nothing to undo'}
          onClick={() => void undo()}
        >
          Undo
        </button>
        <button
          type="button"
          data-testid="redo"
          disabled={!redoLabel || busy}
          title={redoLabel ? `Redo ${redoLabel} (Ctrl+Y)` : 'Nothing to redo'}
          onClick={() => void redo()}
        >
          Redo
        </button>
        <input
          ref={folderInput}
          type="file"
          hidden
          data-testid="import-folder-input"
          onChange={(event) => {
            const entries = entriesFromPicker(event.target.files);
            event.target.value = '';
            void importFiles(entries);
          }}
        />
        <input
          ref={zipInput}
          type="file"
          accept=".zip,application/zip"
          hidden
          data-testid="import-zip-input"
          onChange={(event) => {
            const zip = event.target.files?.[0];
            event.target.value = '';
            if (zip) void importZip(zip);
          }}
        />
      </div>
      <p className="hint">
        Drop a folder whose subfolders are classes (<code>train/&lt;class&gt;/*.jpg</code>
        ) anywhere on this panel, or drop photos and folders onto a class.
      </p>
      <ImportStatus />
      <div className="ds-body">
        <ClassList />
        <ClassView />
      </div>
      <CameraCapture />
    </section>
  );
}
