import type { LogLine } from '../../../../shared/contract';

/**
 * Merges a run's stored log tail with the lines run:log events stream in. Events can arrive before the
 * stored tail (then some are in it, some are newer than the file read) or after it; a line is kept
 * once, by its per-stage `seq`, so none is lost or repeated whatever the timing.
 */
export class LogMerge {
  private readonly lastSeq = new Map<number, number>();

  /** The lines not seen before, in order; remembers them. */
  newer(lines: readonly LogLine[]): LogLine[] {
    return lines.filter((l) => {
      if (l.seq <= (this.lastSeq.get(l.stageIndex) ?? -1)) return false;
      this.lastSeq.set(l.stageIndex, l.seq);
      return true;
    });
  }
}
