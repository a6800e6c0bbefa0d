import { type LatencyWhere, type RuntimeKind, RuntimeKindSchema } from '../contract/evaluation-schemas';

/** How real a runtime is: board > vendor simulator > built-in simulator > host (higher is more real). */
export const RUNTIME_REALNESS: Record<RuntimeKind, number> = {
  'host-ort': 0,
  'builtin-sim': 1,
  'rknn-sim': 2,
  imported: 3,
  tensorrt: 3,
  'hisi-board': 3,
  'rknn-board': 3,
};

/** Column order of the AP table: host first, the most real runtime last (as the report reads). */
export const RUNTIME_ORDER: readonly RuntimeKind[] = RuntimeKindSchema.options;

export const RUNTIME_NAMES: Record<RuntimeKind, string> = {
  'host-ort': 'host onnxruntime',
  'builtin-sim': 'built-in simulator',
  'rknn-sim': 'rknn simulator',
  'rknn-board': 'rknn board',
  'hisi-board': 'HiSilicon board',
  tensorrt: 'TensorRT engine',
  imported: 'imported results',
};

export const LATENCY_WHERE_NAMES: Record<LatencyWhere, string> = {
  host: 'host CPU',
  board: 'board NPU',
  gpu: 'GPU',
};

/** Variant order of the AP table rows: float first, then by falling precision, hybrids last. */
const VARIANT_ORDER = ['fp32', 'fp16', 'int16', 'w8a16', 'w8a8', 'hybrid'];

export function variantOrder(variant: string): number {
  const i = VARIANT_ORDER.indexOf(variant);
  return i < 0 ? VARIANT_ORDER.length : i;
}

/**
 * Which variant a run ships, most likely first: the integer model the run targets beats the
 * fallbacks that keep more precision; fp32 is the reference, never the deployable one when another exists.
 */
const DEPLOYABLE_ORDER = ['w8a8', 'hybrid', 'w8a16', 'int16', 'fp16'];

export function deployableOrder(variant: string): number {
  if (variant === 'fp32') return DEPLOYABLE_ORDER.length + 1;
  const i = DEPLOYABLE_ORDER.indexOf(variant);
  return i < 0 ? DEPLOYABLE_ORDER.length : i;
}

/** pycocotools writes -1 where a stat has no value (no ground truth in that area range). */
export function formatAp(value: number | null | undefined, digits = 3): string {
  if (value == null || !Number.isFinite(value) || value < 0) return 'n/a';
  return value.toFixed(digits);
}

export function formatDelta(value: number | null | undefined, digits = 3): string {
  if (value == null || !Number.isFinite(value)) return '';
  const fixed = Math.abs(value).toFixed(digits);
  return `${value < 0 && Number(fixed) !== 0 ? '−' : '+'}${fixed}`;
}
