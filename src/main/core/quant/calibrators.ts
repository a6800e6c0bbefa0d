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

/** The range a histogram algorithm picks from one tensor's histogram. */
function histogramRange(algo: Exclude<CalibAlgo, 'normal'>, h: StreamingHistogram, options: CalibratorOptions): Range {
  switch (algo) {
    case 'percentile':
      return percentileRange(h, options.percentile);
    case 'kl_divergence':
      return klThreshold(h, options.quantBins ?? 128);
    case 'mmse':
      return mmseRange(h, options.type);
  }
}

export function createCalibrator(algo: CalibAlgo, options: CalibratorOptions): RangeCalibrator {
  if (algo === 'normal') return new MinMaxCalibrator();
  return new HistogramCalibrator(options.bins ?? 2048, (h) => histogramRange(algo, h, options));
}

/**
 * Every algorithm's range from one stream: the histogram algorithms share one histogram per tensor and min/max comes
 * from the same histogram's exact extremes, so comparing algorithms by AP costs one calibration pass.
 */
export class AllAlgorithmsCalibrator {
  private readonly hist: StreamingHistogram;
  constructor(private readonly options: CalibratorOptions) {
    this.hist = new StreamingHistogram(options.bins ?? 2048);
  }
  observe(values: ArrayLike<number>): void {
    this.hist.observe(values);
  }
  range(algo: CalibAlgo): Range {
    const h = this.hist;
    if (algo === 'normal') return Number.isFinite(h.min) ? { min: h.min, max: h.max } : { min: 0, max: 0 };
    return histogramRange(algo, h, this.options);
  }
}
