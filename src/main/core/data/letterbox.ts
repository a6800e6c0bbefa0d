import { type LetterboxPresetName, LetterboxPresetSchema } from '../../../shared/contract/eval-contract';
import type { Float32Pool } from './float32-pool';
import { decodeRgb } from './image-decode';
import { resizeLinearToPlanes } from './resize-linear';

/**
 * Pre-processing presets, each reproducing its reference implementation's geometry exactly:
 * - `ultralytics`: long side to imgsz with ceil (BaseDataset.load_image), centred pad 114 with the
 *   round(d ∓ 0.1) split (LetterBox), RGB, /255; boxes mapped back with gain = resized_h/h0 and the
 *   (left, top) pad, like the val loop's ratio_pad.
 * - `rknn-model-zoo`: COCO_test_helper.letter_box: round(w·r) with Python rounding, pad 0, RGB, /255
 *   (the ONNX model's input; on the NPU the /255 is in config mean/std); boxes mapped back by
 *   subtracting the fractional half-pad and dividing by r.
 * - `yolox`: int(w·r) resize pasted top-left on 114, BGR, 0..255; boxes divided by r.
 * Pixels are decoded by sharp and resized with OpenCV INTER_LINEAR semantics (resize-linear.ts).
 */
export type LetterboxPreset = LetterboxPresetName;
export const LETTERBOX_PRESETS = LetterboxPresetSchema.options;

export interface LetterboxGeometry {
  /** Model input size. */
  width: number;
  height: number;
  /** Resized image size and where it is pasted. */
  resizedWidth: number;
  resizedHeight: number;
  left: number;
  top: number;
  /** Box mapping back to the original image: orig = (box - pad) / gain, then clipped. */
  gainX: number;
  gainY: number;
  padX: number;
  padY: number;
  originalWidth: number;
  originalHeight: number;
}

/** Python's round(): half to even. */
export const pyRound = (x: number): number => {
  const f = Math.floor(x);
  const d = x - f;
  return d > 0.5 || (d === 0.5 && f % 2 !== 0) ? f + 1 : f;
};

export function letterboxGeometry(
  w0: number,
  h0: number,
  size: { width: number; height: number },
  preset: LetterboxPreset,
): LetterboxGeometry {
  const { width: W, height: H } = size;
  const r = Math.min(H / h0, W / w0);
  const base = { width: W, height: H, originalWidth: w0, originalHeight: h0 };
  if (preset === 'yolox') {
    const rw = Math.trunc(w0 * r);
    const rh = Math.trunc(h0 * r);
    return { ...base, resizedWidth: rw, resizedHeight: rh, left: 0, top: 0, gainX: r, gainY: r, padX: 0, padY: 0 };
  }
  if (preset === 'ultralytics') {
    const rw = Math.min(Math.ceil(w0 * r), W);
    const rh = Math.min(Math.ceil(h0 * r), H);
    const left = pyRound((W - rw) / 2 - 0.1);
    const top = pyRound((H - rh) / 2 - 0.1);
    const gain = rh / h0;
    return { ...base, resizedWidth: rw, resizedHeight: rh, left, top, gainX: gain, gainY: gain, padX: left, padY: top };
  }
  const rw = pyRound(w0 * r);
  const rh = pyRound(h0 * r);
  const dw = (W - rw) / 2;
  const dh = (H - rh) / 2;
  return {
    ...base,
    resizedWidth: rw,
    resizedHeight: rh,
    left: pyRound(dw - 0.1),
    top: pyRound(dh - 0.1),
    gainX: r,
    gainY: r,
    padX: dw,
    padY: dh,
  };
}

/** Maps an xyxy box from model-input pixels back to the original image, clipped to it. */
export function unletterboxBox(
  g: LetterboxGeometry,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
): [number, number, number, number] {
  const cx = (v: number) => Math.min(Math.max((v - g.padX) / g.gainX, 0), g.originalWidth);
  const cy = (v: number) => Math.min(Math.max((v - g.padY) / g.gainY, 0), g.originalHeight);
  return [cx(x1), cy(y1), cx(x2), cy(y2)];
}

export interface LetterboxResult {
  /** NCHW float32, 1×3×H×W. */
  data: Float32Array;
  geometry: LetterboxGeometry;
}

export interface LetterboxOptions {
  /** Model input size: a number for square, or {width, height}. */
  imgsz: number | { width: number; height: number };
  preset: LetterboxPreset;
  /** Where the output tensor comes from (recycled buffers); a fresh array when absent. */
  pool?: Float32Pool;
}

// Division (not × 1/255) so float32 values equal torch's `uint8.float() / 255` bit for bit.
const PRESET_PIXELS: Record<LetterboxPreset, { pad: number; bgr: boolean; divisor: number }> = {
  ultralytics: { pad: 114, bgr: false, divisor: 255 },
  'rknn-model-zoo': { pad: 0, bgr: false, divisor: 255 },
  yolox: { pad: 114, bgr: true, divisor: 1 },
};

/** Decodes (JPEG/PNG/BMP/WebP/TIFF, EXIF-oriented) and letterboxes one image into an NCHW tensor. */
export async function letterbox(file: string, opts: LetterboxOptions): Promise<LetterboxResult> {
  const size = typeof opts.imgsz === 'number' ? { width: opts.imgsz, height: opts.imgsz } : opts.imgsz;
  const { data, width, height } = await decodeRgb(file);
  const geometry = letterboxGeometry(width, height, size, opts.preset);
  const px = PRESET_PIXELS[opts.preset];
  const { width: W, height: H, resizedWidth: rw, left, top } = geometry;
  const plane = W * H;
  const out = paddedCanvas(geometry, px.pad / px.divisor, opts.pool);
  // Every byte value's float once (the same division, so the same float32), not three per pixel.
  const lut = Float32Array.from({ length: 256 }, (_, v) => v / px.divisor);
  // Resized pixels go straight into the NCHW planes (no resized image in between).
  resizeLinearToPlanes(data, width, height, rw, geometry.resizedHeight, {
    out,
    planes: px.bgr ? [2 * plane, plane, 0] : [0, plane, 2 * plane],
    rowOffset: (y) => (y + top < 0 || y + top >= H ? -1 : (y + top) * W + left),
    x0: Math.max(0, -left),
    x1: Math.min(rw, W - left),
    lut,
  });
  return { data: out, geometry };
}

/** A 1×3×H×W tensor holding `pad` outside the pasted image (the pasted area is written by the caller). */
function paddedCanvas(g: LetterboxGeometry, pad: number, pool?: Float32Pool): Float32Array {
  const { width: W, height: H } = g;
  if (!pool && pad === 0) return new Float32Array(3 * W * H);
  const out = pool ? pool.take(3 * W * H) : new Float32Array(3 * W * H);
  const y0 = Math.min(H, Math.max(0, g.top));
  const y1 = Math.max(y0, Math.min(H, g.top + g.resizedHeight));
  const x0 = Math.min(W, Math.max(0, g.left));
  const x1 = Math.max(x0, Math.min(W, g.left + g.resizedWidth));
  for (let c = 0; c < 3; c++) {
    const p = c * W * H;
    out.fill(pad, p, p + y0 * W);
    out.fill(pad, p + y1 * W, p + H * W);
    for (let y = y0; y < y1; y++) {
      out.fill(pad, p + y * W, p + y * W + x0);
      out.fill(pad, p + y * W + x1, p + (y + 1) * W);
    }
  }
  return out;
}
