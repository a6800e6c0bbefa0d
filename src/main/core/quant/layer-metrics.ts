/** Cosine similarity as rknn reports it: 1 when both tensors are all zero, 0 when only one is. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return cosineOfSums(dot, na, nb);
}

/** The cosine from a·b, |a|² and |b|², with rknn's rules for all-zero tensors. */
function cosineOfSums(dot: number, na: number, nb: number): number {
  if (na === 0 && nb === 0) return 1;
  if (na === 0 || nb === 0) return 0;
  return dot / Math.sqrt(na * nb);
}

export function euclidean(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

/** Per-tensor running means of cosine and euclidean over images, plus SQNR over all of them. */
export class ErrorAccumulator {
  private cos = 0;
  private euc = 0;
  private n = 0;
  private signal = 0;
  private noise = 0;

  /** One pass over both tensors (they are up to tens of millions of values per image at 640). */
  add(golden: Float32Array, test: Float32Array): void {
    if (golden.length !== test.length) throw new Error(`Tensor sizes differ: ${golden.length} vs ${test.length}`);
    let dot = 0;
    let ng = 0;
    let nt = 0;
    let d2 = 0;
    for (let i = 0; i < golden.length; i++) {
      const g = golden[i];
      const t = test[i];
      dot += g * t;
      ng += g * g;
      nt += t * t;
      d2 += (g - t) * (g - t);
    }
    // as cosine() and euclidean() above, in one loop
    this.cos += cosineOfSums(dot, ng, nt);
    this.euc += Math.sqrt(d2);
    this.n++;
    this.signal += ng;
    this.noise += d2;
  }

  get count(): number {
    return this.n;
  }

  meanCos(): number | null {
    return this.n ? this.cos / this.n : null;
  }

  meanEuc(): number | null {
    return this.n ? this.euc / this.n : null;
  }

  /** 10·log10(signal/noise) in dB, as ORT's qdq_loss_debug (capped when there is no noise). */
  sqnr(): number | null {
    if (!this.n) return null;
    const eps = Number.EPSILON;
    return 10 * Math.log10(Math.max(this.signal, eps) / Math.max(this.noise, eps));
  }
}
