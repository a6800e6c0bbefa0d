import { describe, expect, it } from 'vitest';
import { paretoFront } from './ap-latency-chart';

describe('paretoFront', () => {
  it('keeps the runs no faster run beats on AP', () => {
    const pts = [
      { x: 10, y: 0.4 },
      { x: 5, y: 0.3 },
      { x: 7, y: 0.25 },
      { x: 12, y: 0.38 },
      { x: 20, y: 0.45 },
    ];
    expect(paretoFront(pts)).toEqual([
      { x: 5, y: 0.3 },
      { x: 10, y: 0.4 },
      { x: 20, y: 0.45 },
    ]);
  });
});
