/**
 * A histogram over a symmetric range [-th, th] with a fixed number of bins, fed batch by batch.
 * When a batch exceeds the range, th doubles and neighbouring bins merge pairwise (exact, because
 * the old edges are a subset of the new ones), so memory stays constant however many images are
 * streamed through it — unlike ORT's collector, whose bin count grows with the range.
 */
export class StreamingHistogram {
  readonly counts: Float64Array;
  th = 0;
  min = Infinity;
  max = -Infinity;
  total = 0;
  /** Zeros seen before any non-zero value fixed the range. */
  private pendingZeros = 0;

  constructor(readonly bins = 2048) {
    if (bins < 4 || bins % 4 !== 0) throw new Error(`Histogram bin count must be a multiple of 4, got ${bins}`);
    this.counts = new Float64Array(bins);
  }

  observe(values: ArrayLike<number>): void {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (!(values.length > 0) || !Number.isFinite(lo) || !Number.isFinite(hi)) return;
    this.min = Math.min(this.min, lo);
    this.max = Math.max(this.max, hi);
    this.total += values.length;
    const absmax = Math.max(Math.abs(lo), Math.abs(hi));
    if (absmax === 0) {
      if (this.th === 0) this.pendingZeros += values.length;
      else this.counts[this.bins / 2] += values.length;
      return;
    }
    if (this.th === 0) {
      this.th = absmax;
      this.counts[this.bins / 2] += this.pendingZeros;
      this.pendingZeros = 0;
    }
    while (absmax > this.th) this.grow();
    const n = this.bins;
    const k = n / (2 * this.th);
    for (let i = 0; i < values.length; i++) {
      const b = Math.floor((values[i] + this.th) * k);
      this.counts[b >= n ? n - 1 : b < 0 ? 0 : b]++;
    }
  }

  /** Left edge of bin i (i = bins gives the right edge of the last bin). */
  edge(i: number): number {
    return -this.th + (i * 2 * this.th) / this.bins;
  }

  center(i: number): number {
    return -this.th + ((i + 0.5) * 2 * this.th) / this.bins;
  }

  private grow(): void {
    const n = this.bins;
    const merged = new Float64Array(n);
    for (let k = 0; k < n / 2; k++) merged[n / 4 + k] = this.counts[2 * k] + this.counts[2 * k + 1];
    this.counts.set(merged);
    this.th *= 2;
  }
}
