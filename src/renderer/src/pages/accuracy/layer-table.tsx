import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { LayerErrorSource } from '../../../../shared/contract/analysis-schemas';
import { formatMetric, type LayerMetric, type LayerRow, METRIC_LABEL, type SortKey, sortRows, severity, SOURCE_LABEL } from './layer-rows';

const ROW = 28;
const METRICS: LayerMetric[] = ['cosEntire', 'cosSingle', 'eucEntire'];

/** Per-layer errors, sources side by side; headers sort, rows select (arrows + Enter too). */
export function LayerTable(props: { rows: LayerRow[]; sources: LayerErrorSource[]; keepFloat: ReadonlySet<string>; selected: string | null; onSelect(tensor: string): void }): React.JSX.Element {
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: { column: 'seq' }, dir: 1 });
  const sorted = useMemo(() => sortRows(props.rows, sort.key, sort.dir), [props.rows, sort]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: sorted.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW, overscan: 15 });
  const selectedIndex = sorted.findIndex((r) => r.tensor === props.selected);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const columns = `40px minmax(100px, 1fr) 64px ${props.sources.flatMap(() => METRICS.map(() => '72px')).join(' ')}`;
  const header = (label: string, key: SortKey, title?: string): React.JSX.Element => {
    const active = JSON.stringify(sort.key) === JSON.stringify(key);
    return (
      <button
        type="button"
        role="columnheader"
        className="th"
        title={title}
        aria-sort={active ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}
        onClick={() => setSort({ key, dir: active ? (-sort.dir as 1 | -1) : 'column' in key ? 1 : 1 })}
      >
        {label}
        {active ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}
      </button>
    );
  };
  const move = (delta: number): void => {
    const next = sorted[Math.min(Math.max((selectedIndex < 0 ? -1 : selectedIndex) + delta, 0), sorted.length - 1)];
    if (next) props.onSelect(next.tensor);
  };

  return (
    <div className="layer-table" role="table" aria-label="Per-layer error" style={{ ['--layer-columns' as string]: columns }}>
      {props.sources.length > 1 && (
        <div className="layer-row layer-groups" role="row">
          <span style={{ gridColumn: 'span 3' }} />
          {props.sources.map((s) => (
            <span key={s} role="columnheader" style={{ gridColumn: `span ${METRICS.length}` }}>
              {SOURCE_LABEL[s]}
            </span>
          ))}
        </div>
      )}
      <div className="layer-row layer-head" role="row">
        {header('#', { column: 'seq' })}
        {header('Tensor', { column: 'tensor' })}
        {header('Op', { column: 'opType' })}
        {props.sources.flatMap((s) => METRICS.map((m) => <span key={`${s}.${m}`}>{header(METRIC_LABEL[m], { source: s, metric: m }, `${SOURCE_LABEL[s]} ${METRIC_LABEL[m]}`)}</span>))}
      </div>
      <div
        ref={scrollRef}
        className="layer-scroll"
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
            const r = sorted[item.index];
            return (
              <div
                key={r.tensor}
                role="row"
                aria-selected={r.tensor === props.selected}
                className={`layer-row${r.tensor === props.selected ? ' selected' : ''}`}
                style={{ transform: `translateY(${item.start}px)`, height: ROW }}
                onClick={() => props.onSelect(r.tensor)}
              >
                <span role="cell" className="num muted">
                  {r.seq}
                </span>
                <span role="cell" className="mono" title={r.tensor}>
                  {props.keepFloat.has(r.tensor) && <span className="chip float">float</span>}
                  {r.tensor}
                </span>
                <span role="cell">{r.opType ?? ''}</span>
                {props.sources.flatMap((s) =>
                  METRICS.map((m) => {
                    const v = r.by[s]?.[m];
                    return (
                      <span role="cell" key={`${s}.${m}`} className={`num sev-${severity(m, v)}`}>
                        {formatMetric(m, v)}
                      </span>
                    );
                  }),
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
