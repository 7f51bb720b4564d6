import { useEffect, useRef, useState } from 'react';
import type { DatasetClass } from '../../dataset/types';
import { useDataset } from '../../stores/dataset';
import { ConfirmButton } from './ConfirmButton';
import { entriesFromDrop, entriesFromPicker } from './drop_entries';
import { IMAGE_DRAG_TYPE } from './ImageGrid';

interface ClassBucketProps {
  item: DatasetClass;
  /** 1-based; the digit key that assigns selected images here. */
  number: number;
  count: number;
  selected: boolean;
}

/**
 * One class: its name and colour (both editable), its image count, and a drop target
 * for files, folders, and images dragged from the grid.
 */
export function ClassBucket({ item, number, count, selected }: ClassBucketProps) {
  const {
    selectClass,
    renameClass,
    recolorClass,
    deleteClass,
    importFiles,
    moveSelected,
  } = useDataset.getState();
  const [name, setName] = useState(item.name);
  const [over, setOver] = useState(false);
  const files = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);

  useEffect(() => setName(item.name), [item.name]);
  useEffect(() => {
    folder.current?.setAttribute('webkitdirectory', '');
  }, []);

  return (
    <li
      className={[
        'ds-bucket',
        selected && 'ds-bucket--selected',
        over && 'ds-bucket--over',
      ]
        .filter(Boolean)
        .join(' ')}
      style={{ borderLeftColor: item.color }}
      data-testid="class-bucket"
      data-class-name={item.name}
      aria-current={selected}
      onClick={() => selectClass(item.id)}
      onFocus={() => selectClass(item.id)}
      onDragOver={(event) => {
        event.preventDefault();
        event.stopPropagation();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        event.stopPropagation();
        setOver(false);
        if (event.dataTransfer.types.includes(IMAGE_DRAG_TYPE)) {
          void moveSelected(item.id);
          return;
        }
        void entriesFromDrop(event.dataTransfer).then((entries) =>
          importFiles(entries, item.id),
        );
      }}
    >
      <div className="ds-bucket__row">
        <span
          className="ds-bucket__number"
          title={`Key ${number} moves selected images here`}
        >
          {number <= 9 ? number : ''}
        </span>
        <input
          type="color"
          className="ds-bucket__color"
          aria-label={`Colour of ${item.name}`}
          data-testid="class-color"
          value={item.color}
          onChange={(event) => void recolorClass(item.id, event.target.value)}
        />
        {/* Limitation: a new name is stored on Enter or when the field loses focus, so a
            name half typed when the tab closes is lost; the class and its images are not. */}
        <input
          className="ds-bucket__name"
          aria-label="Class name"
          data-testid="class-name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          onBlur={() =>
            name.trim() ? void renameClass(item.id, name) : setName(item.name)
          }
          onKeyDown={(event) => {
            if (event.key === 'Enter') event.currentTarget.blur();
            if (event.key === 'Escape') {
              setName(item.name);
              event.currentTarget.blur();
            }
          }}
        />
        <span className="ds-bucket__count" data-testid="class-count">
          {count}
        </span>
      </div>
      <div className="ds-bucket__actions">
        <button type="button" onClick={() => files.current?.click()}>
          Add photos
        </button>
        <button type="button" onClick={() => folder.current?.click()}>
          Add folder
        </button>
        <ConfirmButton
          label="Delete"
          testId="class-delete"
          question={
            <>
              Delete <strong>{item.name}</strong> and its {count} images?
            </>
          }
          confirmLabel="Delete"
          onConfirm={() => void deleteClass(item.id)}
        />
      </div>
      <input
        ref={files}
        type="file"
        accept="image/*"
        multiple
        hidden
        data-testid="class-files-input"
        onChange={(event) => {
          const entries = entriesFromPicker(event.target.files);
          event.target.value = '';
          void importFiles(entries, item.id);
        }}
      />
      <input
        ref={folder}
        type="file"
        hidden
        data-testid="class-folder-input"
        onChange={(event) => {
          const entries = entriesFromPicker(event.target.files);
          event.target.value = '';
          void importFiles(entries, item.id);
        }}
      />
    </li>
  );
}
