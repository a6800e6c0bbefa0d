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
};

/**
 * After step 2: did each custom layer really change dtype? The converter renames tensors it runs in
 * another precision (`name__float16`, `name_int8`, `exDataConvert` rows), so the next accuracy analysis shows it.
 * A layer may stay int8 while only its neighbour converts (rknn-toolkit2#360), hence the check.
 */
export function checkDtypeChanged(layers: Record<string, string>, after: ErrorAnalysis): DtypeCheck[] {
  return Object.entries(layers).map(([layer, wanted]) => {
    const related = after.rows.map((r) => r.tensor).filter((t) => t === layer || t.startsWith(`${layer}_`));
    const token = wanted === 'float16' ? 'float16' : wanted;
    const changed = related.find((t) => t !== layer && t.slice(layer.length).includes(token));
    if (changed) return { layer, wanted, status: 'changed', evidence: changed };
    const other = related.find((t) => /int8|int16|float16/.test(t.slice(layer.length)));
    if (other || related.includes(layer)) return { layer, wanted, status: 'unchanged', evidence: other ?? layer };
    return { layer, wanted, status: 'not-found', evidence: null };
  });
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
