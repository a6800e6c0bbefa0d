import {
  type LetterboxPresetName,
  LetterboxPresetSchema,
  type Preprocess,
  type PreprocessOverrides,
} from '../../../shared/contract/eval-contract';
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
 * - `rtdetr`: plain resize to the input size (no padding), RGB, /255.
 * - `nanodet`: plain resize, BGR, (x − [103.53, 116.28, 123.675]) / [57.375, 57.12, 58.395].
 * Each preset is a named set of pre-processing options (PRESET_PREPROCESS); options given with it override them,
 * while the geometry keeps the preset's rounding. Pixels are decoded by sharp and resized with OpenCV
 * INTER_LINEAR semantics (resize-linear.ts).
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

const SCALE_255: Pick<Preprocess, 'channels' | 'mean' | 'std'> = {
  channels: 'rgb',
  mean: [0, 0, 0],
  std: [255, 255, 255],
};

/** What each preset means as options (its reference implementation's values). */
export const PRESET_PREPROCESS: Record<LetterboxPreset, Preprocess> = {
  ultralytics: {
    resize: 'letterbox',
    pad: 114,
    placement: 'centre',
    ...SCALE_255,
  },
  'rknn-model-zoo': {
    resize: 'letterbox',
    pad: 0,
    placement: 'centre',
    ...SCALE_255,
  },
  yolox: { resize: 'letterbox', pad: 114, placement: 'top-left', channels: 'bgr', mean: [0, 0, 0], std: [1, 1, 1] },
  rtdetr: { resize: 'stretch', pad: 0, placement: 'centre', ...SCALE_255 },
  nanodet: {
    resize: 'stretch',
    pad: 0,
    placement: 'centre',
    channels: 'bgr',
    mean: [103.53, 116.28, 123.675],
    std: [57.375, 57.12, 58.395],
  },
};

/** The full option set: the preset's, with `overrides` on top. */
export const resolvePreprocess = (preset: LetterboxPreset, overrides?: PreprocessOverrides): Preprocess => ({
  ...PRESET_PREPROCESS[preset],
  ...Object.fromEntries(Object.entries(overrides ?? {}).filter(([, v]) => v !== undefined)),
});

/** One line for logs: `letterbox centre pad 114 rgb mean 0,0,0 std 255,255,255`. */
export const describePreprocess = (p: Preprocess): string =>
  `${p.resize}${p.resize === 'letterbox' ? ` ${p.placement} pad ${p.pad}` : ''} ${p.channels} ` +
  `mean ${p.mean.join(',')} std ${p.std.join(',')}`;

export function letterboxGeometry(
  w0: number,
  h0: number,
  size: { width: number; height: number },
  preset: LetterboxPreset,
  options: Preprocess = PRESET_PREPROCESS[preset],
): LetterboxGeometry {
  const g = presetGeometry(w0, h0, size, preset);
  if (options.resize === 'stretch') {
    const [gainX, gainY] = [size.width / w0, size.height / h0];
    return {
      ...g,
      resizedWidth: size.width,
      resizedHeight: size.height,
      left: 0,
      top: 0,
      gainX,
      gainY,
      padX: 0,
      padY: 0,
    };
  }
  if (options.placement === PRESET_PREPROCESS[preset].placement) return g;
  if (options.placement === 'top-left') return { ...g, left: 0, top: 0, padX: 0, padY: 0 };
  const left = pyRound((size.width - g.resizedWidth) / 2 - 0.1);
  const top = pyRound((size.height - g.resizedHeight) / 2 - 0.1);
  return { ...g, left, top, padX: left, padY: top };
}

/** The preset's own resize rounding and placement. */
function presetGeometry(
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
  /** Options overriding the preset's (pad value, placement, resize, channel order, mean/std). */
  preprocess?: PreprocessOverrides;
  /** Where the output tensor comes from (recycled buffers); a fresh array when absent. */
  pool?: Float32Pool;
}

// Division (not × 1/255) so float32 values equal torch's `uint8.float() / 255` bit for bit.
const channelLut = (mean: number, std: number) => Float32Array.from({ length: 256 }, (_, v) => (v - mean) / std);

/** Decodes (JPEG/PNG/BMP/WebP/TIFF, EXIF-oriented) and letterboxes one image into an NCHW tensor. */
export async function letterbox(file: string, opts: LetterboxOptions): Promise<LetterboxResult> {
  const size = typeof opts.imgsz === 'number' ? { width: opts.imgsz, height: opts.imgsz } : opts.imgsz;
  const { data, width, height } = await decodeRgb(file);
  const px = resolvePreprocess(opts.preset, opts.preprocess);
  const geometry = letterboxGeometry(width, height, size, opts.preset, px);
  const { width: W, height: H, resizedWidth: rw, left, top } = geometry;
  const plane = W * H;
  // Model channel c (plane c) normalises with mean[c], std[c]; source R/G/B go to planes 0/1/2, or 2/1/0 for BGR.
  const order: [number, number, number] = px.channels === 'bgr' ? [2, 1, 0] : [0, 1, 2];
  const uniform = px.mean.every((m) => m === px.mean[0]) && px.std.every((v) => v === px.std[0]);
  const luts = uniform ? undefined : order.map((c) => channelLut(px.mean[c], px.std[c]));
  const pads = [0, 1, 2].map((c) => (px.pad - px.mean[c]) / px.std[c]) as [number, number, number];
  const out = paddedCanvas(geometry, pads, opts.pool);
  // Every byte value's float once (the same division, so the same float32), not three per pixel.
  const lut = luts ? (luts as [Float32Array, Float32Array, Float32Array]) : channelLut(px.mean[0], px.std[0]);
  // Resized pixels go straight into the NCHW planes (no resized image in between).
  resizeLinearToPlanes(data, width, height, rw, geometry.resizedHeight, {
    out,
    planes: order.map((c) => c * plane) as [number, number, number],
    rowOffset: (y) => (y + top < 0 || y + top >= H ? -1 : (y + top) * W + left),
    x0: Math.max(0, -left),
    x1: Math.min(rw, W - left),
    lut,
  });
  return { data: out, geometry };
}

/** A 1×3×H×W tensor holding `pad` outside the pasted image (the pasted area is written by the caller). */
function paddedCanvas(g: LetterboxGeometry, pads: [number, number, number], pool?: Float32Pool): Float32Array {
  const { width: W, height: H } = g;
  if (!pool && pads.every((p) => p === 0)) return new Float32Array(3 * W * H);
  const out = pool ? pool.take(3 * W * H) : new Float32Array(3 * W * H);
  const y0 = Math.min(H, Math.max(0, g.top));
  const y1 = Math.max(y0, Math.min(H, g.top + g.resizedHeight));
  const x0 = Math.min(W, Math.max(0, g.left));
  const x1 = Math.max(x0, Math.min(W, g.left + g.resizedWidth));
  for (let c = 0; c < 3; c++) {
    const p = c * W * H;
    const pad = pads[c];
    out.fill(pad, p, p + y0 * W);
    out.fill(pad, p + y1 * W, p + H * W);
    for (let y = y0; y < y1; y++) {
      out.fill(pad, p + y * W, p + y * W + x0);
      out.fill(pad, p + y * W + x1, p + (y + 1) * W);
    }
  }
  return out;
}
