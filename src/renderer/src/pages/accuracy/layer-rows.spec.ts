import { describe, expect, it } from 'vitest';
import { layerError as row } from './layer-error.fixture';
import { mergeLayerRows } from './layer-rows';

describe('layer rows', () => {
  it('merges sources per tensor in graph order', () => {
    const { rows, sources } = mergeLayerRows([
      row('board', 1, 'b', 0.97),
      row('sim', 0, 'a', 0.999),
      row('sim', 1, 'b', 0.985),
    ]);
    expect(sources).toEqual(['sim', 'board']);
    expect(rows.map((r) => r.tensor)).toEqual(['a', 'b']);
    expect(rows[1].by.board?.cosEntire).toBe(0.97);
    expect(rows[1].by.sim?.cosEntire).toBe(0.985);
  });
});
