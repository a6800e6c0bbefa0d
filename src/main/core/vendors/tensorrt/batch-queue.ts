interface Pending<I, O> {
  item: I;
  resolve: (out: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers single calls into batches of up to `size` items for a runner that takes many at once (a trtexec process
 * per batch). A partial batch runs once no call came for `idleMs` (the last images of a dataset, or a caller that
 * waits for an earlier result before it sends more).
 */
export class BatchQueue<I, O> {
  private pending: Pending<I, O>[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly size: number,
    private readonly runBatch: (items: I[]) => Promise<O[]>,
    private readonly idleMs = 200,
  ) {}

  push(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      if (this.pending.length >= this.size) this.flush();
      else this.timer = setTimeout(() => this.flush(), this.idleMs);
    });
  }

  private flush(): void {
    this.timer = null;
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    this.runBatch(batch.map((b) => b.item)).then(
      (outs) => batch.forEach((b, i) => b.resolve(outs[i])),
      (error: unknown) => batch.forEach((b) => b.reject(error)),
    );
  }
}
