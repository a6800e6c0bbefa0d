import { klThreshold, mmseRange, percentileRange, type Range } from './histogram-thresholds';
import type { IntType } from './quant-params';
import { StreamingHistogram } from './streaming-histogram';

export const CALIB_ALGOS = ['normal', 'percentile', 'kl_divergence', 'mmse'] as const;
export type CalibAlgo = (typeof CALIB_ALGOS)[number];

/** Streams one tensor's values over the calibration set; memory is fixed per tensor. */
export interface RangeCalibrator {
  observe(values: ArrayLike<number>): void;
  range(): Range;
}

export interface CalibratorOptions {
  /** Integer type the range will be quantised to (mmse scores candidates with its step). */
  type: IntType;
  bins?: number;
  quantBins?: number;
  percentile?: number;
}

class MinMaxCalibrator implements RangeCalibrator {
  private min = Infinity;
  private max = -Infinity;
  observe(values: ArrayLike<number>): void {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v < this.min) this.min = v;
      if (v > this.max) this.max = v;
    }
  }
  range(): Range {
    return Number.isFinite(this.min) ? { min: this.min, max: this.max } : { min: 0, max: 0 };
  }
}

class HistogramCalibrator implements RangeCalibrator {
  private readonly hist: StreamingHistogram;
  constructor(
    bins: number,
    private readonly pick: (h: StreamingHistogram) => Range,
  ) {
    this.hist = new StreamingHistogram(bins);
  }
  observe(values: ArrayLike<number>): void {
    this.hist.observe(values);
  }
  range(): Range {
    return this.pick(this.hist);
  }
}

export function createCalibrator(algo: CalibAlgo, options: CalibratorOptions): RangeCalibrator {
  const bins = options.bins ?? 2048;
  switch (algo) {
    case 'normal':
      return new MinMaxCalibrator();
    case 'percentile':
      return new HistogramCalibrator(bins, (h) => percentileRange(h, options.percentile));
    case 'kl_divergence':
      return new HistogramCalibrator(bins, (h) => klThreshold(h, options.quantBins ?? 128));
    case 'mmse':
      return new HistogramCalibrator(bins, (h) => mmseRange(h, options.type));
  }
}
