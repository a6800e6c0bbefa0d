import { UserError } from '../errors/user-error';
import { GraphIndex, type OnnxModel } from '../onnx/onnx-model';

/**
 * Keep-float names that are not activation tensors of the model, each with the closest names it has: a typo would
 * otherwise be ignored by the quantizer and a whole analysis would run for nothing.
 */
export function unknownKeepFloat(model: OnnxModel, keepFloat: readonly string[]): string[] {
  const tensors = new GraphIndex(model.graph).activationTensors();
  const known = new Set(tensors);
  return keepFloat
    .filter((t) => !known.has(t))
    .map((t) => {
      const near = tensors.filter((n) => n.includes(t) || t.includes(n)).slice(0, 3);
      return `${t}${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`;
    });
}

/** Throws a UserError naming the model and every unknown keep-float name before any work starts. */
export function assertKeepFloat(model: OnnxModel, keepFloat: readonly string[], modelPath: string): void {
  const unknown = unknownKeepFloat(model, keepFloat);
  if (unknown.length === 0) return;
  throw new UserError(
    `${unknown.length} keep-float name${unknown.length === 1 ? ' is' : 's are'} not a tensor of ${modelPath}: ` +
      unknown.join('; '),
    'Use activation tensor names as the per-layer table shows them (e.g. /model.22/Concat_output_0).',
    'invalid_input',
  );
}
