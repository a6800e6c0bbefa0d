import type { OnnxNode } from '../onnx/onnx-model';

export interface ConcatSegment {
  /** Row name: `<concat output>[<k>:<input tensor>]`. */
  label: string;
  extract(data: Float32Array): Float32Array;
}

/**
 * The slices of a Concat output that come from each input. One tensor that mixes ranges (box
 * pixels 0..640 with 0..1 scores) shares one int8 scale, so a destroyed slice hides behind a
 * healthy one in whole-tensor cosine; per-slice rows make it visible.
 */
export function concatSegments(
  node: OnnxNode,
  outDims: readonly number[],
  dimsOf: (tensor: string) => readonly number[] | undefined,
): ConcatSegment[] {
  if (node.opType !== 'Concat' || node.input.length < 2) return [];
  const rank = outDims.length;
  const raw = node.attribute?.find((a) => a.name === 'axis')?.i ?? 0;
  const axis = raw < 0 ? raw + rank : raw;
  const outer = outDims.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = outDims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const widths = node.input.map((t) => dimsOf(t)?.[axis]);
  if (widths.some((w) => w === undefined) || widths.reduce((a, b) => a! + b!, 0) !== outDims[axis]) return [];
  const row = outDims[axis] * inner;
  let offset = 0;
  return node.input.map((input, k) => {
    const start = offset * inner;
    const len = widths[k]! * inner;
    offset += widths[k]!;
    return {
      label: `${node.output[0]}[${k}:${input}]`,
      extract: (data) => {
        const out = new Float32Array(outer * len);
        for (let o = 0; o < outer; o++) out.set(data.subarray(o * row + start, o * row + start + len), o * len);
        return out;
      },
    };
  });
}
