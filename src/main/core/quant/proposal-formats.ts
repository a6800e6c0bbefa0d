import { setCustomLayers } from '../toolchains/rknn-quantization-cfg';

export interface ProposalLayer {
  tensor: string;
  /** ONNX node producing the tensor: ATC and TensorRT name layers by node. */
  node: string | null;
}

export interface ProposalFormats {
  /** Paste into `<model>.quantization.cfg` before hybrid_quantization_step2. */
  rknnCustomQuantizeLayers: string;
  /** atc flag: listed CUBE layers run A16W8, other layers fp16. */
  atcHighPrecisionLayer: string;
  /** trtexec flags (TensorRT < 11; from 11 on use the hybrid QDQ model instead). */
  trtexecLayerPrecisions: string;
}

/** The same keep-float set in each vendor's syntax. */
export function formatProposal(layers: ProposalLayer[]): ProposalFormats {
  const nodes = [...new Set(layers.map((l) => l.node ?? l.tensor))];
  return {
    rknnCustomQuantizeLayers: setCustomLayers('', Object.fromEntries(layers.map((l) => [l.tensor, 'float16' as const]))).trimEnd(),
    atcHighPrecisionLayer: nodes.length ? `--high_precision_layer=${nodes.join(';')}` : '',
    trtexecLayerPrecisions: nodes.length ? `--precisionConstraints=obey --layerPrecisions=${nodes.map((n) => `${n}:fp16`).join(',')}` : '',
  };
}
