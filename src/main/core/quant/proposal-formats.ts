import { setCustomLayers } from '../vendors';

export type HybridPrecision = 'float16' | 'int16';

export interface ProposalLayer {
  tensor: string;
  /** float16 (rknn custom layer float16, TensorRT fp16) or int16 activations (rknn int16; TensorRT has none: fp16). */
  precision?: HybridPrecision;
  /** ONNX node producing the tensor: ATC and TensorRT name layers by node. */
  node: string | null;
}

export interface ProposalFormats {
  /** Paste into `<model>.quantization.cfg` before hybrid_quantization_step2. */
  rknnCustomQuantizeLayers: string;
  /** atc flag: listed CUBE layers run A16W8, other layers fp16 (the same flag for both precisions). */
  atcHighPrecisionLayer: string;
  /** trtexec flags (TensorRT < 11; from 11 on use the hybrid QDQ model instead). */
  trtexecLayerPrecisions: string;
}

/** The same keep-float set in each vendor's syntax. */
export function formatProposal(layers: ProposalLayer[]): ProposalFormats {
  const nodes = [...new Set(layers.map((l) => l.node ?? l.tensor))];
  return {
    rknnCustomQuantizeLayers: setCustomLayers(
      '',
      Object.fromEntries(layers.map((l) => [l.tensor, l.precision ?? 'float16'])),
    ).trimEnd(),
    atcHighPrecisionLayer: nodes.length ? `--high_precision_layer=${nodes.join(';')}` : '',
    trtexecLayerPrecisions: nodes.length
      ? `--precisionConstraints=obey --layerPrecisions=${nodes.map((n) => `${n}:fp16`).join(',')}`
      : '',
  };
}
