import { useState } from 'react';
import { formatBytes } from '../../models/download';
import { useDataset } from '../../stores/dataset';
import { ConfirmButton } from './ConfirmButton';

/** The open project, the others to switch to, and the storage they use. */
export function ProjectBar() {
  const projects = useDataset((s) => s.projects);
  const project = useDataset((s) => s.project);
  const imageCount = useDataset((s) => s.images.length);
  const storage = useDataset((s) => s.storage);
  const busy = useDataset((s) => s.job !== null);
  const { openProject, createProject, renameProject, deleteProject, setMaxSide } =
    useDataset.getState();
  const [renaming, setRenaming] = useState<string | null>(null);

  if (!project) return null;
  return (
    <div className="ds-projects">
      <label>
        Project{' '}
        <select
          data-testid="project-select"
          value={project.id}
          disabled={busy}
          onChange={(event) => void openProject(event.target.value)}
        >
          {projects.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      {renaming === null ? (
        <button
          type="button"
          data-testid="project-rename"
          onClick={() => setRenaming(project.name)}
        >
          Rename
        </button>
      ) : (
        <form
          className="ds-inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void renameProject(renaming);
            setRenaming(null);
          }}
        >
          <input
            aria-label="Project name"
            data-testid="project-name"
            value={renaming}
            autoFocus
            onChange={(event) => setRenaming(event.target.value)}
            onKeyDown={(event) => event.key === 'Escape' && setRenaming(null)}
          />
          <button type="submit">Save</button>
        </form>
      )}
      <button
        type="button"
        data-testid="project-new"
        disabled={busy}
        onClick={() => void createProject(`Project ${projects.length + 1}`)}
      >
        New project
      </button>
      <ConfirmButton
        label="Delete project"
        testId="project-delete"
        disabled={busy}
        question={
          <>
            Delete <strong>{project.name}</strong> and its {imageCount} images for good?
          </>
        }
        confirmLabel="Delete project"
        onConfirm={() => void deleteProject()}
      />
      <label title="Images larger than this on their long side are downscaled when added">
        Working size{' '}
        <input
          type="number"
          min={32}
          max={8192}
          step={32}
          // Keyed on the size too, so that a size set in another tab shows here.
          key={`${project.id}:${project.maxSide}`}
          defaultValue={project.maxSide}
          data-testid="max-side"
          onBlur={(event) => void setMaxSide(Number(event.target.value))}
        />{' '}
        px
      </label>
      <span className="ds-storage" data-testid="storage-used">
        {storage
          ? `Storage used: ${formatBytes(storage.usage)} of ${formatBytes(storage.quota)}`
          : 'Storage used: unknown'}
      </span>
    </div>
  );
}
