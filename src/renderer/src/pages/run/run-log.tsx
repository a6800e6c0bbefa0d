import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { LogLine } from '../../../../shared/contract';

const LINE_HEIGHT = 18;

/** The streaming log: virtualized, filtered by stage and by a search that keeps only matching lines; follows the tail. */
export function RunLog(props: { lines: LogLine[]; stageIndex: number | null }): React.JSX.Element {
  const [query, setQuery] = useState('');
  const [follow, setFollow] = useState(true);
  const scrollRef = useRef<HTMLDivElement>(null);
  const shown = useMemo(() => {
    const q = query.toLowerCase();
    return props.lines.filter((l) => (props.stageIndex === null || l.stageIndex === props.stageIndex) && (!q || l.text.toLowerCase().includes(q)));
  }, [props.lines, props.stageIndex, query]);
  const virtualizer = useVirtualizer({ count: shown.length, getScrollElement: () => scrollRef.current, estimateSize: () => LINE_HEIGHT, overscan: 20 });
  useEffect(() => {
    if (follow && shown.length > 0) virtualizer.scrollToIndex(shown.length - 1, { align: 'end' });
  }, [follow, shown.length, virtualizer]);

  return (
    <section className="run-log" aria-label="Log">
      <div className="run-log-bar">
        <label className="filter grow">
          <span className="sr-only">Search the log</span>
          <input type="search" placeholder="Search the log" value={query} onChange={(e) => setQuery(e.target.value)} aria-label="Search the log" />
        </label>
        <span className="muted small" role="status">
          {query ? `${shown.length.toLocaleString()} matching lines` : `${shown.length.toLocaleString()} lines`}
          {props.stageIndex !== null ? ` of stage ${props.stageIndex + 1}` : ''}
        </span>
        <label className="filter check">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
          follow
        </label>
      </div>
      <div ref={scrollRef} className="run-log-scroll" tabIndex={0} aria-label="Log lines">
        {shown.length === 0 ? (
          <p className="muted log-empty">{props.lines.length === 0 ? 'No output yet. Lines appear here as the stages print them.' : 'No line matches the search.'}</p>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const line = shown[item.index];
              return (
                <div key={item.key} className={`log-line log-${line.stream}`} style={{ transform: `translateY(${item.start}px)` }}>
                  <span className="log-stage" aria-hidden="true">
                    {line.stageIndex + 1}
                  </span>
                  {line.text}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </section>
  );
}
