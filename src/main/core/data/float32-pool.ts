/**
 * Spare Float32Arrays of one length for the evaluation loop's letterboxed inputs. At 640 px each
 * input is 4.9 MB: allocating (and page-faulting) a fresh zeroed one per image cost ~2 ms of the
 * thread that also decodes and runs NMS, and the garbage collector more. The onnxruntime worker hands
 * each input's buffer back with its outputs, and the next letterbox fills it again.
 */
export class Float32Pool {
  private readonly spare: Float32Array[] = [];

  constructor(private readonly maxSpare = 16) {}

  /** A buffer of `length` floats with arbitrary contents (callers overwrite every element). */
  take(length: number): Float32Array {
    while (this.spare.length) {
      const buf = this.spare.pop()!;
      if (buf.length === length) return buf;
    }
    return new Float32Array(length);
  }

  give(buf: Float32Array): void {
    if (buf.length > 0 && this.spare.length < this.maxSpare) this.spare.push(buf);
  }
}
