import type { LetterboxPreset } from '../../data/letterbox';
import type { ModelEvaluator } from '../../quant/analyse-model';

export interface ApEvaluatorOptions {
  data: string;
  preset: LetterboxPreset;
  count?: number;
  threads?: number;
  signal?: AbortSignal;
  log?: (text: string) => void;
}

/** AP@[.5:.95] of a model on the validation subset, through the evaluation engine (issue 3). */
export async function createApEvaluator(_options: ApEvaluatorOptions): Promise<{ evaluate: ModelEvaluator; count: number } | null> {
  return null;
}
