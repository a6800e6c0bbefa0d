import type { LayerError } from '../../../../shared/contract/analysis-schemas';

/** A layer-error row for the accuracy specs: one source's cosine for a tensor, other metrics absent. */
export const layerError = (
  source: LayerError['source'],
  seq: number,
  tensor: string,
  cosEntire: number | null,
  opType = 'Conv',
): LayerError => ({
  source,
  seq,
  tensor,
  opType,
  onnxNode: tensor,
  cosEntire,
  cosSingle: null,
  eucEntire: null,
  eucSingle: null,
  sqnr: null,
});
