import type { GroundTruthBox } from './detection';

/** A line of a label file that could not be read, and why. */
export interface LabelProblem {
  file: string;
  /** 1-based line number. */
  line: number;
  message: string;
}

/** The boxes of one YOLO label file and the lines it had to skip. */
export interface YoloLabels {
  boxes: GroundTruthBox[];
  problems: LabelProblem[];
}

/** Where a label file came from and what it describes. */
export interface YoloLabelSource {
  /** Name shown in problem reports. */
  file: string;
  /** Size in pixels of the image the labels belong to. */
  imageWidth: number;
  imageHeight: number;
  /** Number of classes; when given, a class id at or above it is a problem. */
  classCount?: number;
}

/**
 * Reads a YOLO label file: one object a line, `class cx cy w h`, centre and size
 * normalised to 0..1 of the image. Returns boxes in pixels of the image (corners, clipped
 * to it). Blank lines are skipped; a malformed line (wrong field count, not a number, a
 * bad class id, a coordinate outside 0..1) is reported with file and line and skipped,
 * keeping every good line.
 */
export function parseYoloLabels(text: string, source: YoloLabelSource): YoloLabels {
  const { file, imageWidth, imageHeight, classCount } = source;
  if (!(imageWidth > 0 && imageHeight > 0)) {
    throw new Error(
      `image size must be positive, got ${imageWidth}x${imageHeight} (${file})`,
    );
  }

  const boxes: GroundTruthBox[] = [];
  const problems: LabelProblem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const fields = raw.trim().split(/\s+/);
    if (fields.length === 1 && fields[0] === '') return;

    const problem = (message: string) =>
      problems.push({ file, line: index + 1, message });
    if (fields.length !== 5) {
      problem(
        `expected 5 fields "class cx cy w h", found ${fields.length}: "${raw.trim()}"`,
      );
      return;
    }
    const values = fields.map(Number);
    const bad = fields.find((_, i) => !Number.isFinite(values[i]));
    if (bad !== undefined) {
      problem(`"${bad}" is not a number`);
      return;
    }

    const [classId, cx, cy, w, h] = values;
    if (!Number.isInteger(classId) || classId < 0) {
      problem(`class id must be a non-negative integer, got ${fields[0]}`);
      return;
    }
    if (classCount !== undefined && classId >= classCount) {
      problem(`class id ${classId} is out of range: there are ${classCount} classes`);
      return;
    }
    if ([cx, cy, w, h].some((v) => v < 0 || v > 1)) {
      problem(`coordinates must be normalised to 0..1, got ${fields.slice(1).join(' ')}`);
      return;
    }

    const clamp = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
    boxes.push({
      classId,
      box: {
        x1: clamp((cx - w / 2) * imageWidth, imageWidth),
        y1: clamp((cy - h / 2) * imageHeight, imageHeight),
        x2: clamp((cx + w / 2) * imageWidth, imageWidth),
        y2: clamp((cy + h / 2) * imageHeight, imageHeight),
      },
    });
  });
  return { boxes, problems };
}

/** Reads a class names file: one name a line, the line index being the class id. */
export function parseClassNames(text: string): string[] {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();

  const blank = lines.indexOf('');
  if (blank >= 0) {
    throw new Error(
      `class names file has a blank line at line ${blank + 1}; ids would shift`,
    );
  }
  return lines;
}
