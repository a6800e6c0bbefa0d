import type { IssueSink } from './dataset-types';

/** One YOLO label row, normalized centre/size; polygon rows are reduced to their bounding box. */
export interface YoloRow {
  classIndex: number;
  cx: number;
  cy: number;
  w: number;
  h: number;
}

/**
 * Parses a YOLO txt label file with Ultralytics' checks (verify_image_label): 5 columns or a
 * polygon (class + x y pairs), finite, non-negative, normalized ≤ 1, class in range; exact
 * duplicate rows are dropped as Ultralytics does. Bad lines go to `issues` as `file:line: …`.
 */
export function parseYoloLabels(text: string, file: string, classCount: number, issues: IssueSink): YoloRow[] {
  const rows: YoloRow[] = [];
  const seen = new Set<string>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const parts = line.split(/\s+/);
    const bad = (msg: string) => issues.report(file, i + 1, msg);
    if (parts.length < 5 || (parts.length > 5 && parts.length % 2 === 0)) {
      bad(
        'expected "class cx cy w h" (5 values) or a polygon "class x1 y1 x2 y2 …", ' +
          `got ${parts.length} value${parts.length === 1 ? '' : 's'}`,
      );
      continue;
    }
    const nums = parts.map(Number);
    const nonNumeric = parts.findIndex((p, j) => !Number.isFinite(nums[j]) || p === '');
    if (nonNumeric >= 0) {
      bad(`value ${nonNumeric + 1} "${parts[nonNumeric]}" is not a finite number`);
      continue;
    }
    const cls = nums[0];
    if (!Number.isInteger(cls) || cls < 0 || cls >= classCount) {
      bad(
        `class ${parts[0]} is out of range ` +
          `(the dataset has ${classCount} class${classCount === 1 ? '' : 'es'}: 0..${classCount - 1})`,
      );
      continue;
    }
    const coords = nums.slice(1);
    if (coords.some((v) => v < 0)) {
      bad('negative coordinate');
      continue;
    }
    if (coords.some((v) => v > 1)) {
      bad('coordinates must be normalized to 0..1 (divide pixels by the image width/height)');
      continue;
    }
    let row: YoloRow;
    if (parts.length === 5) {
      row = { classIndex: cls, cx: coords[0], cy: coords[1], w: coords[2], h: coords[3] };
    } else {
      const xs = coords.filter((_, j) => j % 2 === 0);
      const ys = coords.filter((_, j) => j % 2 === 1);
      const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
      row = { classIndex: cls, cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, w: x1 - x0, h: y1 - y0 };
    }
    const key = `${row.classIndex} ${row.cx} ${row.cy} ${row.w} ${row.h}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push(row);
  }
  return rows;
}
