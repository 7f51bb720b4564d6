import type { Detection } from '../../ml/detect/detection';

/** A colour for each class, far apart for neighbouring ids (golden-angle hues). */
export function classColour(classId: number): string {
  const hue = (classId * 137.508) % 360;
  return `hsl(${hue.toFixed(1)} 85% 45%)`;
}

const LINE_WIDTH = 2;
const FONT_SIZE = 13;
const LABEL_PADDING = 3;

/**
 * Sizes a canvas to its displayed size times the device pixel ratio and draws the boxes,
 * given in pixels of a `sourceWidth` x `sourceHeight` image, scaled to that displayed
 * size, each with its label and score in the colour of its class. Lines and text are
 * drawn at device resolution, so they stay crisp on high-DPI screens.
 */
export function drawDetections(
  canvas: HTMLCanvasElement,
  detections: readonly Detection[],
  sourceWidth: number,
  sourceHeight: number,
  pixelRatio = window.devicePixelRatio || 1,
): void {
  const { clientWidth, clientHeight } = canvas;
  const width = Math.max(1, Math.round(clientWidth * pixelRatio));
  const height = Math.max(1, Math.round(clientHeight * pixelRatio));
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const context = canvas.getContext('2d');
  if (!context) return;
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.clearRect(0, 0, width, height);
  if (sourceWidth <= 0 || sourceHeight <= 0) return;

  // Draw in CSS pixels; the transform maps them to device pixels.
  context.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0);
  const scaleX = clientWidth / sourceWidth;
  const scaleY = clientHeight / sourceHeight;
  context.lineWidth = LINE_WIDTH;
  context.font = `600 ${FONT_SIZE}px system-ui, sans-serif`;
  context.textBaseline = 'top';

  for (const { box, label, score, classId } of detections) {
    const x = box.x1 * scaleX;
    const y = box.y1 * scaleY;
    const w = (box.x2 - box.x1) * scaleX;
    const h = (box.y2 - box.y1) * scaleY;
    const colour = classColour(classId);
    context.strokeStyle = colour;
    context.strokeRect(x, y, w, h);

    const text = `${label} ${(score * 100).toFixed(0)}%`;
    const textWidth = context.measureText(text).width + 2 * LABEL_PADDING;
    const textHeight = FONT_SIZE + 2 * LABEL_PADDING;
    const labelY = y - textHeight >= 0 ? y - textHeight : y;
    const labelX = Math.min(x, Math.max(0, clientWidth - textWidth));
    context.fillStyle = colour;
    context.fillRect(labelX - LINE_WIDTH / 2, labelY, textWidth, textHeight);
    context.fillStyle = '#fff';
    context.fillText(
      text,
      labelX + LABEL_PADDING - LINE_WIDTH / 2,
      labelY + LABEL_PADDING,
    );
  }
}
