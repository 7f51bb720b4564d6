import { useMemo } from 'react';
import { useDataset } from '../../stores/dataset';
import { ImageGrid } from './ImageGrid';

/** The selected class's images, and what can be done with the ones selected. */
export function ClassView() {
  const classes = useDataset((s) => s.classes);
  const allImages = useDataset((s) => s.images);
  const selectedClassId = useDataset((s) => s.selectedClassId);
  const selectedCount = useDataset((s) => s.selectedImageIds.size);
  const {
    moveSelected,
    deleteSelected,
    markSelectedTest,
    selectAllInClass,
    clearSelection,
  } = useDataset.getState();
  const current = classes.find((c) => c.id === selectedClassId);
  const images = useMemo(
    () => allImages.filter((image) => image.classId === selectedClassId),
    [allImages, selectedClassId],
  );
  const testCount = images.filter((image) => image.isTest).length;

  if (!current) {
    return (
      <div className="ds-view ds-view--empty" data-testid="class-view">
        <p>
          Drop a folder of class folders (such as <code>train/</code> with one folder per
          class) anywhere here, or add a class and drop photos onto it.
        </p>
      </div>
    );
  }

  return (
    <div className="ds-view" data-testid="class-view">
      <div className="ds-view__bar">
        <h3 className="ds-view__title">
          <span className="ds-swatch" style={{ background: current.color }} />
          <span data-testid="class-view-name">{current.name}</span> · {images.length}{' '}
          images
          {testCount > 0 && (
            <span className="ds-view__tests" data-testid="class-test-count">
              {' '}
              ({testCount} test)
            </span>
          )}
        </h3>
        <span className="ds-view__selection" data-testid="selection-count">
          {selectedCount > 0
            ? `${selectedCount} selected`
            : 'Click, Ctrl+click or Shift+click to select'}
        </span>
        <button type="button" data-testid="select-all" onClick={selectAllInClass}>
          Select all
        </button>
        {selectedCount > 0 && (
          <>
            <button type="button" onClick={clearSelection}>
              Clear
            </button>
            <select
              data-testid="move-select"
              value=""
              aria-label="Move selected images to"
              onChange={(event) =>
                event.target.value && void moveSelected(event.target.value)
              }
            >
              <option value="">Move to…</option>
              {classes.map((c, index) => (
                <option key={c.id} value={c.id} disabled={c.id === current.id}>
                  {index < 9 ? `${index + 1}: ` : ''}
                  {c.name}
                </option>
              ))}
            </select>
            <button
              type="button"
              data-testid="mark-test"
              title="Keep them out of training; they score the trained classifier"
              onClick={() => void markSelectedTest(true)}
            >
              Mark as test
            </button>
            <button
              type="button"
              data-testid="mark-train"
              onClick={() => void markSelectedTest(false)}
            >
              Mark as training
            </button>
            <button
              type="button"
              data-testid="delete-selected"
              onClick={() => void deleteSelected()}
            >
              Delete
            </button>
          </>
        )}
      </div>
      <ImageGrid images={images} />
    </div>
  );
}
