import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { ConfigCheck, ValidationIssue } from '../../../../shared/contract';
import { GraphIndex, type OnnxModel } from '../../onnx/onnx-model';
import { validateCustomLayers } from './rknn-quantization-cfg';

/**
 * Checks a `custom_quantize_layers` block (the hybrid cfg the UI edits) against the model: every layer must be
 * an activation tensor of the graph and every dtype one rknn accepts. Issues carry the line of their key so the
 * editor can mark them; `layers` is what the block asks for.
 */
export function checkHybridCfg(text: string, model: OnnxModel): { check: ConfigCheck; layers: Record<string, string> } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineOf = (offset: number | undefined): number | null =>
    offset === undefined ? null : lineCounter.linePos(offset).line;
  if (doc.errors.length > 0)
    return {
      check: {
        ok: false,
        issues: doc.errors.map((e) => ({ path: '', message: e.message.split('\n')[0], line: lineOf(e.pos[0]) })),
      },
      layers: {},
    };
  const block =
    isMap(doc.contents) && doc.contents.has('custom_quantize_layers')
      ? doc.get('custom_quantize_layers', true)
      : doc.contents;
  if (block !== null && block !== undefined && !isMap(block) && !(isScalar(block) && block.value === null)) {
    return {
      check: {
        ok: false,
        issues: [
          {
            path: 'custom_quantize_layers',
            message: 'Expected a mapping of layer: dtype (e.g. "conv1_output: float16")',
            line: 1,
          },
        ],
      },
      layers: {},
    };
  }
  const index = new GraphIndex(model.graph);
  const initial = new Set(model.graph.initializer.map((t) => t.name));
  const inputs = model.graph.input.map((i) => i.name).filter((n) => !initial.has(n));
  const cfg = { customLayers: {}, tensors: index.activationTensors() };
  const layers: Record<string, string> = {};
  const issues: ValidationIssue[] = [];
  for (const pair of isMap(block) ? block.items : []) {
    const layer = String(isScalar(pair.key) ? pair.key.value : pair.key);
    const dtype = String(isScalar(pair.value) ? pair.value.value : pair.value);
    layers[layer] = dtype;
    const line = lineOf((pair.key as { range?: [number] } | null)?.range?.[0]);
    for (const issue of validateCustomLayers(cfg, { [layer]: dtype }, inputs))
      issues.push({ path: layer, message: issue.message, line });
  }
  return { check: { ok: issues.length === 0, issues }, layers };
}
