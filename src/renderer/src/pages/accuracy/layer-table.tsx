import { type Header, type SortingState, useReactTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { LayerErrorSource } from '../../../../shared/contract/analysis-schemas';
import { layerTableOptions, TABLE_METRICS, worstFirst } from './layer-columns';
import { formatMetric, type LayerMetric, type LayerRow } from './layer-rows';
import type { SeverityScale } from './severity-scale';

const ROW = 28;

function SortHeader(props: { header: Header<LayerRow, unknown> }): React.JSX.Element {
  const { column } = props.header;
  const sorted = column.getIsSorted();
  return (
    <button
      type="button"
      role="columnheader"
      className="th"
      title={column.columnDef.meta?.title}
      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
      onClick={column.getToggleSortingHandler()}
    >
      {String(column.columnDef.header)}
      {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}
    </button>
  );
}

/**
 * Per-layer errors, sources side by side: react-table holds the column model (a header per source over
 * its metrics) and the sorting, react-virtual renders only the rows on screen. Rows select (arrows too).
 */
export function LayerTable(props: {
  rows: LayerRow[];
  sources: LayerErrorSource[];
  keepFloat: ReadonlySet<string>;
  selected: string | null;
  onSelect(tensor: string): void;
  scaleOf(source: LayerErrorSource, metric: LayerMetric): SeverityScale;
  /** The metric the table opens sorted by, worst first. */
  sortMetric: LayerMetric;
}): React.JSX.Element {
  const [sorting, setSorting] = useState<SortingState>(() => worstFirst(props.sources[0], props.sortMetric));
  const options = useMemo(() => layerTableOptions(props.rows, props.sources), [props.rows, props.sources]);
  const table = useReactTable({ ...options, state: { sorting }, onSortingChange: setSorting });
  const sorted = table.getRowModel().rows;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: sorted.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW,
    overscan: 15,
  });
  const selectedIndex = sorted.findIndex((r) => r.id === props.selected);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const metricColumns = props.sources.flatMap(() => TABLE_METRICS.map(() => '72px')).join(' ');
  const columns = `40px minmax(100px, 1fr) 64px ${metricColumns}`;
  const [groups, leaves] =
    table.getHeaderGroups().length > 1 ? table.getHeaderGroups() : [null, table.getHeaderGroups()[0]];
  const move = (delta: number): void => {
    const next = sorted[Math.min(Math.max((selectedIndex < 0 ? -1 : selectedIndex) + delta, 0), sorted.length - 1)];
    if (next) props.onSelect(next.id);
  };

  return (
    <div
      className="table-panel layer-table"
      role="table"
      aria-label="Per-layer error"
      style={{ ['--layer-columns' as string]: columns }}
    >
      {groups && props.sources.length > 1 && (
        <div className="layer-row layer-groups" role="row">
          {groups.headers.map((h) =>
            h.isPlaceholder ? (
              <span key={h.id} />
            ) : (
              <span key={h.id} role="columnheader" style={{ gridColumn: `span ${h.colSpan}` }}>
                {String(h.column.columnDef.header)}
              </span>
            ),
          )}
        </div>
      )}
      <div className="layer-row layer-head" role="row">
        {leaves.headers.map((h) => (
          <span key={h.id}>
            <SortHeader header={h} />
          </span>
        ))}
      </div>
      <div
        ref={scrollRef}
        className="table-panel-scroll layer-scroll"
        tabIndex={0}
        aria-label="Layers (arrows move, click a row to inspect it)"
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            move(e.key === 'ArrowDown' ? 1 : -1);
          }
        }}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = sorted[item.index];
            const r = row.original;
            return (
              <div
                key={row.id}
                role="row"
                aria-selected={row.id === props.selected}
                className={`layer-row${row.id === props.selected ? ' selected' : ''}`}
                style={{ transform: `translateY(${item.start}px)`, height: ROW }}
                onClick={() => props.onSelect(row.id)}
              >
                <span role="cell" className="num muted">
                  {r.seq}
                </span>
                <span role="cell" className="mono" title={r.tensor}>
                  {props.keepFloat.has(r.tensor) && <span className="chip float">float</span>}
                  {r.tensor}
                </span>
                <span role="cell">{r.opType ?? ''}</span>
                {row.getVisibleCells().flatMap((cell) => {
                  const { metric, source } = cell.column.columnDef.meta ?? {};
                  if (!metric || !source) return [];
                  const v = cell.getValue() as number | undefined;
                  return [
                    <span role="cell" key={cell.id} className={`num sev-${props.scaleOf(source, metric).classify(v)}`}>
                      {formatMetric(metric, v)}
                    </span>,
                  ];
                })}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
