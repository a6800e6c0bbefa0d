import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useEffect, useRef } from 'react';
import type { RunSummary } from '../../../../shared/contract';
import { href } from '../../routing/router';
import { ApHeadlineCell } from './ap-headline-cell';
import { delta, type MetricColumn } from './metric-columns';
import type { RunWindow } from './use-run-window';

const ROW_HEIGHT = 34;

export interface RunsTableProps {
  window: RunWindow;
  metrics: MetricColumn[];
  baseline: RunSummary | null;
  active: number;
  selected: ReadonlySet<number>;
  onActivate(index: number): void;
  onToggleSelect(run: RunSummary): void;
  onOpen(run: RunSummary): void;
  onDelete(run: RunSummary): void;
}

function formatDate(iso: string): string {
  const d = new Date(iso);
  const date = d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
  return `${date} ${d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hour12: false })}`;
}

/**
 * The runs grid: only the rows on screen are in the DOM (react-virtual) and only their pages are fetched.
 * One tab stop; arrows/PageUp/PageDown/Home/End move, Enter opens, Space selects for Compare, Delete deletes.
 */
export function RunsTable(props: RunsTableProps): React.JSX.Element {
  const { window: win, metrics, baseline } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const total = win.total ?? 0;
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => win.ensure(first, last), [win, first, last]);

  const metricColumns = metrics.map(() => 'minmax(72px, 1fr)').join(' ');
  // Fits 1280 px (≥ 1,032 px of table) with the AP column and three metric columns: target and backend share a
  // column; the minimums add up to ~990 px with the gaps.
  const columns = `28px 48px minmax(140px, 2fr) 88px minmax(84px, 1fr) minmax(200px, 1.6fr) ${metricColumns} 96px`;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 340) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: 1,
      ArrowUp: -1,
      PageDown: page,
      PageUp: -page,
      Home: -total,
      End: total,
    };
    if (e.key in moves) {
      e.preventDefault();
      const next = Math.min(Math.max(props.active + moves[e.key], 0), total - 1);
      props.onActivate(next);
      virtualizer.scrollToIndex(next, { align: 'auto' });
      return;
    }
    const run = win.rowAt(props.active);
    if (!run) return;
    if (e.key === 'Enter') props.onOpen(run);
    else if (e.key === ' ') props.onToggleSelect(run);
    else if (e.key === 'Delete') props.onDelete(run);
    else return;
    e.preventDefault();
  };

  return (
    <div className="table-panel runs-table" style={{ ['--runs-columns' as string]: columns }}>
      <div className="runs-row runs-head" role="presentation">
        <span />
        <span>#</span>
        <span>Name</span>
        <span>Status</span>
        <span>Target · backend</span>
        <span
          title={
            'The deployable variant on its most real runtime (board > vendor simulator > built-in simulator > host), ' +
            'with the float AP and Δ'
          }
        >
          AP (ships)
        </span>
        {metrics.map((m) => (
          <span key={m.key} className="num" title={`${m.key} (${m.better} is better)`}>
            {m.label}
          </span>
        ))}
        <span>Created</span>
      </div>
      <div
        ref={scrollRef}
        className="table-panel-scroll runs-scroll"
        role="grid"
        aria-label="Runs"
        aria-rowcount={total}
        aria-multiselectable="true"
        tabIndex={0}
        aria-activedescendant={total > 0 ? `run-row-${props.active}` : undefined}
        onKeyDown={onKeyDown}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const run = win.rowAt(item.index);
            const isBase = run && baseline?.id === run.id;
            return (
              <div
                key={item.key}
                id={`run-row-${item.index}`}
                role="row"
                aria-rowindex={item.index + 1}
                aria-selected={run ? props.selected.has(run.id) : false}
                className={
                  `runs-row${item.index === props.active ? ' active' : ''}` +
                  (run && props.selected.has(run.id) ? ' selected' : '')
                }
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                onClick={() => props.onActivate(item.index)}
                onDoubleClick={() => run && props.onOpen(run)}
              >
                {run ? (
                  <>
                    <span role="gridcell">
                      <input
                        type="checkbox"
                        tabIndex={-1}
                        checked={props.selected.has(run.id)}
                        onChange={() => props.onToggleSelect(run)}
                        aria-label={`Select run ${run.id} for compare`}
                      />
                    </span>
                    <span role="gridcell" className="num muted">
                      {run.id}
                    </span>
                    <span
                      role="gridcell"
                      className="name-cell"
                      title={run.tags.length ? `${run.name} · tags: ${run.tags.join(', ')}` : run.name}
                    >
                      <a href={href('run', run.id)} tabIndex={-1}>
                        {run.name}
                      </a>
                      {isBase && <span className="chip baseline">baseline</span>}
                      {run.archived && <span className="chip">archived</span>}
                      {run.tags.map((t) => (
                        <span key={t} className="chip">
                          {t}
                        </span>
                      ))}
                    </span>
                    <span role="gridcell">
                      <span className={`status status-${run.status}`}>{run.status}</span>
                    </span>
                    <span role="gridcell" title={`${run.target} · ${run.backend}`}>
                      {run.target} <span className="muted">· {run.backend}</span>
                    </span>
                    <ApHeadlineCell ap={run.ap} />
                    {metrics.map((m) => {
                      const v = run.metrics[m.key];
                      const d = isBase ? null : delta(m, v, baseline?.metrics[m.key]);
                      return (
                        <span role="gridcell" key={m.key} className="num">
                          {v === undefined ? '—' : v.toFixed(m.digits)}
                          {d && <span className={`delta ${d.tone}`}>{d.text}</span>}
                        </span>
                      );
                    })}
                    <span role="gridcell" className="muted">
                      {formatDate(run.createdAt)}
                    </span>
                  </>
                ) : (
                  <span role="gridcell" className="muted loading-row">
                    Loading…
                  </span>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
