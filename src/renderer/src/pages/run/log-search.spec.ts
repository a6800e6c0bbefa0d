import { describe, expect, it } from 'vitest';
import { findMatches, MAX_MATCHES, splitByMatches, stepMatch } from './log-search';

describe('log search', () => {
  it('finds every case-insensitive, non-overlapping occurrence in line order', () => {
    expect(findMatches(['Error: a', 'nothing', 'error ERROR'], 'error').matches).toEqual([
      { line: 0, start: 0 },
      { line: 2, start: 0 },
      { line: 2, start: 6 },
    ]);
    expect(findMatches(['aaaa'], 'aa').matches).toEqual([
      { line: 0, start: 0 },
      { line: 0, start: 2 },
    ]);
    expect(findMatches(['abc'], '').matches).toEqual([]);
  });

  it('stops counting at the cap', () => {
    const found = findMatches(
      Array.from({ length: MAX_MATCHES + 5 }, () => 'x'),
      'x',
    );
    expect(found.matches).toHaveLength(MAX_MATCHES);
    expect(found.capped).toBe(true);
  });

  it('cuts a line into plain and matching pieces keeping the original case', () => {
    expect(splitByMatches('W: Warning on stderr, warning', 'warning')).toEqual([
      { text: 'W: ', start: 0, match: false },
      { text: 'Warning', start: 3, match: true },
      { text: ' on stderr, ', start: 10, match: false },
      { text: 'warning', start: 22, match: true },
    ]);
    expect(splitByMatches('plain', 'zzz')).toEqual([{ text: 'plain', start: 0, match: false }]);
    expect(splitByMatches('', 'x')).toEqual([{ text: '', start: 0, match: false }]);
  });

  it('steps through matches with wrap-around; the first Enter picks the first match, Shift+Enter the last', () => {
    expect(stepMatch(-1, 3, 1)).toBe(0);
    expect(stepMatch(-1, 3, -1)).toBe(2);
    expect(stepMatch(2, 3, 1)).toBe(0);
    expect(stepMatch(0, 3, -1)).toBe(2);
    expect(stepMatch(1, 3, 1)).toBe(2);
    expect(stepMatch(5, 3, 1)).toBe(0);
    expect(stepMatch(0, 0, 1)).toBe(-1);
  });
});
