import * as ort from 'onnxruntime-node';
import { UserError } from '../errors/user-error';
import { isIntegerValue, type OnnxModel, shapeOf, type ValueInfo } from '../onnx/onnx-model';
import type { Feeds } from './ort-session';

/**
 * A DETR-family deploy graph takes, besides the image, `orig_target_sizes` [1, 2] (integer width, height) that its
 * postprocessor scales the boxes by. Every path that runs such a model (eval, analyse's calibration, per-layer
 * error and AP runs) feeds it the model input's own size, so boxes come out in model-input pixels like every other
 * head's. Any other second input cannot be fed and is refused.
 */
export function sizeInputNames(model: OnnxModel, image: ValueInfo, source: string): string[] {
  const inits = new Set(model.graph.initializer.map((t) => t.name));
  const others = model.graph.input.filter((i) => !inits.has(i.name) && i.name !== image.name);
  for (const other of others) {
    const dims = shapeOf(other);
    if (!isIntegerValue(other) || dims.length !== 2 || dims[1] !== 2)
      throw new UserError(
        `${source} has a second input ${other.name} [${dims.join(',')}] besides the image ${image.name}`,
        'Only a DETR-style orig_target_sizes [1,2] integer input can be fed (with the model input size); ' +
          'export the detector with the image as its only other input.',
        'invalid_input',
      );
  }
  return others.map((o) => o.name);
}

/** The size inputs' feeds: [[width, height]] as int64, as RT-DETR's export takes orig_target_sizes. */
export function sizeFeeds(names: readonly string[], width: number, height: number): Feeds {
  const size = () => new ort.Tensor('int64', BigInt64Array.from([BigInt(width), BigInt(height)]), [1, 2]);
  return Object.fromEntries(names.map((name) => [name, size()]));
}
