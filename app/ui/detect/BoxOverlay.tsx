import { useEffect, useRef } from 'react';
import type { Detection } from '../../ml/detect/detection';
import { classColour, drawDetections } from './draw_boxes';

interface BoxOverlayProps {
  detections: readonly Detection[];
  /** Size in pixels of the image the boxes refer to. */
  sourceWidth: number;
  sourceHeight: number;
  testId: string;
}

/**
 * A canvas laid over an image or a video of the same displayed size, drawing the boxes;
 * redrawn when the detections change and when the displayed size does.
 */
export function BoxOverlay({
  detections,
  sourceWidth,
  sourceHeight,
  testId,
}: BoxOverlayProps) {
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const draw = () => drawDetections(element, detections, sourceWidth, sourceHeight);
    draw();
    const observer = new ResizeObserver(draw);
    observer.observe(element);
    return () => observer.disconnect();
  }, [detections, sourceWidth, sourceHeight]);

  return (
    <canvas
      ref={canvas}
      className="detect-stage__overlay"
      data-testid={testId}
      data-box-count={detections.length}
      data-labels={[...new Set(detections.map((d) => d.label))].join(',')}
    />
  );
}

/** The detections as text: label and score, in the colour of the class. */
export function DetectionList({
  detections,
  testId,
}: {
  detections: readonly Detection[];
  testId: string;
}) {
  return (
    <ul className="detection-list" data-testid={testId}>
      {detections.map((d, i) => (
        <li
          key={i}
          style={{ borderColor: classColour(d.classId) }}
          data-label={d.label}
          data-score={d.score}
          data-class-id={d.classId}
          data-box={[d.box.x1, d.box.y1, d.box.x2, d.box.y2]
            .map((v) => v.toFixed(1))
            .join(',')}
        >
          {d.label} {(d.score * 100).toFixed(0)}%
        </li>
      ))}
    </ul>
  );
}
