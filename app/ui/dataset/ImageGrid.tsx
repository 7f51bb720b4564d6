import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ImageRecord } from '../../dataset/types';
import { useDataset } from '../../stores/dataset';
import { useThumbnail } from './thumbnail_urls';

/** The drag type of images dragged from the grid onto a class bucket. */
export const IMAGE_DRAG_TYPE = 'application/x-transfer-studio-images';

/** A grid cell's side, gap included, in CSS pixels. */
const CELL = 108;
/** Rows drawn above and below the visible ones, so fast scrolling shows no gaps. */
const OVERSCAN_ROWS = 3;

interface CellProps {
  image: ImageRecord;
  selected: boolean;
  top: number;
  left: number;
}

const Cell = memo(function Cell({ image, selected, top, left }: CellProps) {
  const url = useThumbnail(image.id);
  const selectImage = useDataset((s) => s.selectImage);

  return (
    <button
      type="button"
      className={`ds-cell${selected ? ' ds-cell--selected' : ''}`}
      style={{ top, left, width: CELL - 8, height: CELL - 8 }}
      data-testid="image-cell"
      data-image-id={image.id}
      data-test-image={image.isTest}
      aria-pressed={selected}
      title={`${image.name} · ${image.width}×${image.height}${
        image.isTest ? ' · test image' : ''
      }`}
      draggable
      onDragStart={(event) => {
        if (!selected) selectImage(image.id, 'only');
        event.dataTransfer.setData(IMAGE_DRAG_TYPE, image.id);
        event.dataTransfer.effectAllowed = 'move';
      }}
      onClick={(event) =>
        selectImage(
          image.id,
          event.shiftKey ? 'range' : event.ctrlKey || event.metaKey ? 'toggle' : 'only',
        )
      }
    >
      {url && <img src={url} alt={image.name} draggable={false} />}
      {image.isTest && (
        <span className="ds-cell__badge" data-testid="test-badge">
          test
        </span>
      )}
    </button>
  );
});

/**
 * A virtualised grid of thumbnails: only the rows in view (and a few around them) are
 * in the DOM, so a class of thousands of images scrolls as smoothly as one of ten.
 */
export function ImageGrid({ images }: { images: ImageRecord[] }) {
  const viewport = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [scrollTop, setScrollTop] = useState(0);
  const selected = useDataset((s) => s.selectedImageIds);

  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element) return;
    const observer = new ResizeObserver(() =>
      setSize({ width: element.clientWidth, height: element.clientHeight }),
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    viewport.current?.scrollTo({ top: 0 });
    setScrollTop(0);
  }, [images[0]?.classId]);

  const columns = Math.max(1, Math.floor(size.width / CELL));
  const rows = Math.ceil(images.length / columns);
  const firstRow = Math.max(0, Math.floor(scrollTop / CELL) - OVERSCAN_ROWS);
  const lastRow = Math.min(
    rows,
    Math.ceil((scrollTop + size.height) / CELL) + OVERSCAN_ROWS,
  );
  const visible = images.slice(firstRow * columns, lastRow * columns);

  return (
    <div
      ref={viewport}
      className="ds-grid"
      data-testid="image-grid"
      data-count={images.length}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
    >
      {images.length === 0 && (
        <p className="ds-grid__empty">
          No images yet: drop photos or a folder onto this class, use its Add buttons, or
          capture from the webcam below.
        </p>
      )}
      <div className="ds-grid__space" style={{ height: rows * CELL }}>
        {visible.map((image, i) => {
          const index = firstRow * columns + i;
          return (
            <Cell
              key={image.id}
              image={image}
              selected={selected.has(image.id)}
              top={Math.floor(index / columns) * CELL}
              left={(index % columns) * CELL}
            />
          );
        })}
      </div>
    </div>
  );
}
