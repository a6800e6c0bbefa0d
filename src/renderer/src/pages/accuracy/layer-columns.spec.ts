import { createTable, type SortingState } from '@tanstack/react-table';
import { describe, expect, it } from 'vitest';
import type { LayerError } from '../../../../shared/contract/analysis-schemas';
import { layerTableOptions, worstFirst } from './layer-columns';
import { layerError as error } from './layer-error.fixture';
import { mergeLayerRows } from './layer-rows';

/** The headless table the component renders, sorted by `sorting`. */
function table(errors: LayerError[], sorting: SortingState = worstFirst('sim', 'cosEntire')) {
  const { rows, sources } = mergeLayerRows(errors);
  let state: { sorting: SortingState } = { sorting };
  const t = createTable({
    ...layerTableOptions(rows, sources),
    state: {},
    onStateChange: () => undefined,
    renderFallbackValue: null,
  });
  const sync = (): void =>
    t.setOptions((prev) => ({
      ...prev,
      state: { ...t.initialState, ...state },
      onStateChange: (u) => ((state = typeof u === 'function' ? u(t.getState()) : u), sync()),
    }));
  sync();
  return { t, tensors: () => t.getRowModel().rows.map((r) => r.id) };
}

describe('per-layer table columns (react-table)', () => {
  const errors = [
    error('sim', 0, 'a', 0.999),
    error('sim', 1, 'b', 0.9, 'Mul'),
    error('board', 2, 'c', 0.5, 'Add'),
    error('sim', 3, 'd', 0.95),
  ];

  it('opens worst first (lowest cosine of the first source) with one header per source over its metrics', () => {
    const { t, tensors } = table(errors);
    expect(tensors()).toEqual(['b', 'd', 'a', 'c']);
    expect(table(errors, [{ id: 'seq', desc: false }]).tensors()).toEqual(['a', 'b', 'c', 'd']);
    const [groups, leaves] = t.getHeaderGroups();
    expect(groups.headers.filter((h) => !h.isPlaceholder).map((h) => [h.column.columnDef.header, h.colSpan])).toEqual([
      ['Built-in sim', 3],
      ['Board', 3],
    ]);
    expect(leaves.headers.map((h) => h.id)).toEqual([
      'seq',
      'tensor',
      'opType',
      'sim.cosEntire',
      'sim.cosSingle',
      'sim.eucEntire',
      'board.cosEntire',
      'board.cosSingle',
      'board.eucEntire',
    ]);
  });

  it('sorts a metric ascending first (worst cosine on top), then descending; missing values last both ways', () => {
    const { t, tensors } = table(errors, [{ id: 'seq', desc: false }]);
    const cos = t.getColumn('sim.cosEntire')!;
    cos.toggleSorting(undefined, false);
    expect(tensors()).toEqual(['b', 'd', 'a', 'c']);
    expect(cos.getIsSorted()).toBe('asc');
    expect(cos.getNextSortingOrder()).toBe('desc');
    cos.toggleSorting(undefined, false);
    expect(tensors()).toEqual(['a', 'd', 'b', 'c']);
    // No "unsorted" third state: the next click is ascending again.
    expect(cos.getNextSortingOrder()).toBe('asc');
    // Euclidean distance is worse when higher: its first click sorts descending.
    const euc = t.getColumn('sim.eucEntire')!;
    euc.toggleSorting(undefined, false);
    expect(euc.getIsSorted()).toBe('desc');
  });

  it('sorts text columns naturally and a missing op as empty', () => {
    const { t, tensors } = table([
      error('sim', 0, 'conv10', 1),
      error('sim', 1, 'conv9', 1, ''),
      error('sim', 2, 'add', 1, 'Add'),
    ]);
    t.getColumn('tensor')!.toggleSorting(false);
    expect(tensors()).toEqual(['add', 'conv9', 'conv10']);
    t.getColumn('opType')!.toggleSorting(false);
    expect(tensors()[0]).toBe('conv9');
  });
});
