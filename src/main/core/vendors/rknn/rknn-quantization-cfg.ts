import { parse } from 'yaml';
import { UserError } from '../../errors/user-error';
import type { ErrorAnalysis } from './rknn-error-analysis';

export const HYBRID_DTYPES = ['float16', 'int16', 'int8'] as const;
export type HybridDtype = (typeof HYBRID_DTYPES)[number];

export interface QuantizationCfg {
  customLayers: Record<string, string>;
  /** Tensor names with quantization parameters: the names `custom_quantize_layers` may use. */
  tensors: string[];
}

/** Reads `<model>.quantization.cfg` (YAML written by hybrid_quantization_step1). */
export function parseQuantizationCfg(text: string, source = 'quantization.cfg'): QuantizationCfg {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    throw new UserError(
      `${source}${line ? `:${line}` : ''}: not valid YAML (${(error as Error).message.split('\n')[0]})`,
      'Restore the file hybrid_quantization_step1 wrote, then edit only custom_quantize_layers.',
      'invalid_input',
    );
  }
  if (!doc || typeof doc !== 'object' || !('quantize_parameters' in doc)) {
    throw new UserError(
      `${source}: no quantize_parameters section; this is not an rknn quantization cfg`,
      'Run hybrid_quantization_step1 again to regenerate it.',
      'invalid_input',
    );
  }
  const d = doc as {
    custom_quantize_layers?: Record<string, unknown> | null;
    quantize_parameters: Record<string, unknown> | null;
  };
  const customLayers = Object.fromEntries(
    Object.entries(d.custom_quantize_layers ?? {}).map(([k, v]) => [k, String(v)]),
  );
  return { customLayers, tensors: Object.keys(d.quantize_parameters ?? {}) };
}

/**
 * Replaces only the `custom_quantize_layers` block, as text: re-dumping the whole YAML rounds the
 * floats of quantize_parameters and the toolkit then refuses the file ("is not allowed to be modified").
 */
export function setCustomLayers(text: string, layers: Record<string, HybridDtype>): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^custom_quantize_layers\s*:/.test(l));
  const entries = Object.entries(layers);
  const block =
    entries.length === 0
      ? ['custom_quantize_layers: {}']
      : ['custom_quantize_layers:', ...entries.map(([k, v]) => `    ${k}: ${v}`)];
  if (start < 0) return [...block, ...lines].join('\n');
  let end = start + 1;
  while (end < lines.length && (/^\s+\S/.test(lines[end]) || lines[end].trim() === '')) end++;
  // Keep the blank lines that separated the block from the next key.
  while (end > start + 1 && lines[end - 1].trim() === '') end--;
  return [...lines.slice(0, start), ...block, ...lines.slice(end)].join('\n');
}

export interface HybridIssue {
  layer: string;
  message: string;
}

/** Before step 2: every custom layer must be a quantized tensor of this model, not an input, with a supported dtype. */
export function validateCustomLayers(
  cfg: QuantizationCfg,
  layers: Record<string, string>,
  inputNames: string[] = [],
): HybridIssue[] {
  const known = new Set(cfg.tensors);
  const issues: HybridIssue[] = [];
  for (const [layer, dtype] of Object.entries(layers)) {
    if (inputNames.includes(layer))
      issues.push({
        layer,
        message: `${layer} is a model input; inputs cannot change dtype (toolkit: "Invalid operands name")`,
      });
    else if (!known.has(layer)) {
      const near = cfg.tensors.filter((t) => t.includes(layer) || layer.includes(t)).slice(0, 3);
      issues.push({
        layer,
        message: `${layer} is not a tensor of this model${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`,
      });
    }
    if (!(HYBRID_DTYPES as readonly string[]).includes(dtype))
      issues.push({
        layer,
        message: `${layer}: dtype ${dtype} is not one of ${HYBRID_DTYPES.join(', ')} (float16 is the documented one)`,
      });
  }
  return issues;
}

export type DtypeCheck = {
  layer: string;
  wanted: string;
  status: 'changed' | 'unchanged' | 'not-found';
  evidence: string | null;
  /** Which signal decided: the analysis row's name, the model's own record, or the layer's single-layer cos. */
  signal: 'row-name' | 'model-record' | 'single-cos' | null;
};

/** Below this single-layer cos a layer is not running in float16, whatever a record says. */
const FLOAT_SINGLE_COS = 0.9999;

/**
 * After step 2: did each custom layer really change dtype? Every documented signal counts (reference
 * rknn-toolkit2.md, hybrid quantization): the next accuracy analysis names a converted tensor with its dtype
 * (`name__float16`, `name_sw-rs__float16`) or keeps the old one (`name__int8`; rknn-toolkit2#360 shows a layer
 * staying int8 while a neighbour converts); the exported model may record the applied `custom_quantize_layers`;
 * and a float16 layer fed from golden shows a single-layer cos of ≈ 1. A cos of ≈ 1 alone proves nothing (the
 * reference's own int8 `[Conv] 779` row reads 0.99999), so it only confirms or contradicts the model's record.
 */
export function checkDtypeChanged(
  layers: Record<string, string>,
  after: ErrorAnalysis,
  modelRecord: Record<string, string> | null = null,
): DtypeCheck[] {
  return Object.entries(layers).map(([layer, wanted]): DtypeCheck => {
    const related = after.rows.filter((r) => r.tensor === layer || r.tensor.startsWith(`${layer}_`));
    const suffix = (t: string): string => t.slice(layer.length);
    const named = related.find((r) => r.tensor !== layer && suffix(r.tensor).includes(wanted));
    if (named) return { layer, wanted, status: 'changed', evidence: named.tensor, signal: 'row-name' };
    const other = related.find((r) => /int8|int16|uint8|float16/.test(suffix(r.tensor)));
    if (other) return { layer, wanted, status: 'unchanged', evidence: other.tensor, signal: 'row-name' };
    const own = related.find((r) => r.tensor === layer);
    const cos = own?.simSingle?.cos ?? null;
    if (modelRecord?.[layer] === wanted) {
      if (cos !== null && cos < FLOAT_SINGLE_COS)
        return {
          layer,
          wanted,
          status: 'unchanged',
          evidence: `the model records ${wanted}, but single cos ${cos} is int8-like`,
          signal: 'single-cos',
        };
      const seen = cos === null ? '' : `, single cos ${cos}`;
      return { layer, wanted, status: 'changed', evidence: `model records ${wanted}${seen}`, signal: 'model-record' };
    }
    if (own) return { layer, wanted, status: 'unchanged', evidence: layer, signal: null };
    return { layer, wanted, status: 'not-found', evidence: null, signal: null };
  });
}

/**
 * The `custom_quantize_layers` an exported model records in its embedded JSON, when it has one (the layout after
 * the magic is unconfirmed, see board/rknn-model-file.ts, so absence proves nothing).
 */
export function modelCustomLayers(modelBytes: Buffer): Record<string, string> | null {
  const text = modelBytes.toString('latin1');
  const at = text.lastIndexOf('"custom_quantize_layers"');
  if (at < 0) return null;
  const m = /^"custom_quantize_layers"\s*:\s*(\{[^{}]*\})/.exec(text.slice(at));
  try {
    const value = m ? (JSON.parse(m[1]!) as unknown) : null;
    return value && typeof value === 'object' ? (value as Record<string, string>) : null;
  } catch {
    return null;
  }
}

/** Editor check of a hand-edited cfg: parse, validate custom_quantize_layers, and point at each problem's line. */
export function checkQuantizationCfgText(
  text: string,
  inputNames: string[] = [],
): { customLayers: Record<string, string>; issues: (HybridIssue & { line: number | null })[] } {
  const cfg = parseQuantizationCfg(text);
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^custom_quantize_layers\s*:/.test(l));
  const lineOf = (layer: string): number | null => {
    const i = lines.findIndex((l, k) => k > start && l.trimStart().startsWith(`${layer}:`));
    return i < 0 ? null : i + 1;
  };
  return {
    customLayers: cfg.customLayers,
    issues: validateCustomLayers(cfg, cfg.customLayers, inputNames).map((i) => ({ ...i, line: lineOf(i.layer) })),
  };
}
