import {
  createColumnHelper,
  getCoreRowModel,
  getSortedRowModel,
  type RowData,
  type SortingState,
  type TableOptions,
} from '@tanstack/react-table';
import type { LayerErrorSource } from '../../../../shared/contract/analysis-schemas';
import { type LayerMetric, type LayerRow, METRIC_LABEL, SOURCE_LABEL } from './layer-rows';
import { lowerIsWorse } from './severity-scale';

declare module '@tanstack/react-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Set on the per-source metric columns: how to format and colour the value. */
    metric?: LayerMetric;
    source?: LayerErrorSource;
    title?: string;
  }
}

/** The metrics shown per source (SQNR and euc single stay in the details panel). */
export const TABLE_METRICS: LayerMetric[] = ['cosEntire', 'cosSingle', 'eucEntire'];

/** Worst layers first: ascending for cosine/SQNR, descending for euclidean distance. */
export function worstFirst(source: LayerErrorSource | undefined, metric: LayerMetric): SortingState {
  return source ? [{ id: `${source}.${metric}`, desc: !lowerIsWorse(metric) }] : [{ id: 'seq', desc: false }];
}

const column = createColumnHelper<LayerRow>();

/** The per-layer table's column model: graph order, tensor, op, then each source's metrics under its own header. */
export function layerColumns(sources: LayerErrorSource[]): TableOptions<LayerRow>['columns'] {
  return [
    column.accessor('seq', { header: '#' }),
    // Natural order: /model.9/… before /model.10/….
    column.accessor('tensor', { header: 'Tensor', sortingFn: 'alphanumeric' }),
    column.accessor((r) => r.opType ?? '', { id: 'opType', header: 'Op', sortingFn: 'alphanumeric' }),
    ...sources.map((s) =>
      column.group({
        id: s,
        header: SOURCE_LABEL[s],
        columns: TABLE_METRICS.map((m) =>
          // A source without a value for a layer sorts last in either direction.
          column.accessor((r) => r.by[s]?.[m] ?? undefined, {
            id: `${s}.${m}`,
            header: METRIC_LABEL[m],
            sortUndefined: 'last',
            sortDescFirst: !lowerIsWorse(m),
            meta: { metric: m, source: s, title: `${SOURCE_LABEL[s]} ${METRIC_LABEL[m]}` },
          }),
        ),
      }),
    ),
  ] as TableOptions<LayerRow>['columns'];
}

/** Everything but the state: headers toggle ascending ↔ descending, starting ascending (worst cosine first). */
export function layerTableOptions(
  rows: LayerRow[],
  sources: LayerErrorSource[],
): Omit<TableOptions<LayerRow>, 'state' | 'onStateChange' | 'renderFallbackValue'> {
  return {
    data: rows,
    columns: layerColumns(sources),
    getRowId: (r) => r.tensor,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    enableSortingRemoval: false,
    sortDescFirst: false,
  };
}
