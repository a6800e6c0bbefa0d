import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../../../shared/contract';
import { LogMerge } from './log-merge';

const line = (stageIndex: number, seq: number): LogLine => ({
  stageIndex,
  seq,
  stream: 'stdout',
  text: `s${stageIndex} line ${seq}`,
});
const range = (stageIndex: number, from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => line(stageIndex, from + i));

describe('LogMerge', () => {
  it('keeps every line once when streamed lines overlap the stored tail and run past it', () => {
    const merge = new LogMerge();
    // The stored tail was read when stage 1 had 5 lines; events 3..7 arrived meanwhile.
    const stored = [...range(0, 0, 4), ...range(1, 0, 5)];
    const shown = [...merge.newer(stored), ...merge.newer(range(1, 3, 8))];
    expect(shown).toEqual([...range(0, 0, 4), ...range(1, 0, 8)]);
    // A late duplicate event changes nothing; the next stage starts at its own seq 0.
    expect(merge.newer([line(1, 6), line(2, 0)])).toEqual([line(2, 0)]);
  });

  it('keeps lines streamed before any stored line of their stage (a cut tail or a fresh stage)', () => {
    const merge = new LogMerge();
    expect(merge.newer([])).toEqual([]);
    expect(merge.newer(range(0, 0, 3))).toEqual(range(0, 0, 3));
  });
});
