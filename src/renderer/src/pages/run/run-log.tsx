import { useVirtualizer } from '@tanstack/react-virtual';
import { Fragment, type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import type { LogLine } from '../../../../shared/contract';
import { findMatches, splitByMatches, stepMatch } from './log-search';

const LINE_HEIGHT = 18;

/**
 * The streaming log: virtualized, filtered by stage, follows the tail. Search highlights every match
 * (<mark>); Enter / Shift+Enter go to the next / previous one, and "only matching lines" filters.
 */
export function RunLog(props: { lines: LogLine[]; stageIndex: number | null }): React.JSX.Element {
  const [query, setQuery] = useState('');
  const [onlyMatching, setOnlyMatching] = useState(false);
  const [follow, setFollow] = useState(true);
  const [current, setCurrent] = useState(-1);
  const scrollRef = useRef<HTMLDivElement>(null);
  const stageLines = useMemo(
    () => props.lines.filter((l) => props.stageIndex === null || l.stageIndex === props.stageIndex),
    [props.lines, props.stageIndex],
  );
  const shown = useMemo(() => {
    const q = query.toLowerCase();
    return onlyMatching && q ? stageLines.filter((l) => l.text.toLowerCase().includes(q)) : stageLines;
  }, [stageLines, onlyMatching, query]);
  const { matches, capped } = useMemo(
    () =>
      findMatches(
        shown.map((l) => l.text),
        query,
      ),
    [shown, query],
  );
  useEffect(() => setCurrent(-1), [query, onlyMatching, props.stageIndex]);
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => LINE_HEIGHT,
    overscan: 20,
  });
  useEffect(() => {
    if (follow && shown.length > 0) virtualizer.scrollToIndex(shown.length - 1, { align: 'end' });
  }, [follow, shown.length, virtualizer]);

  const go = (step: 1 | -1): void => {
    const next = stepMatch(current, matches.length, step);
    setCurrent(next);
    if (next < 0) return;
    // Looking at a match and following the tail would fight over the scroll position.
    setFollow(false);
    virtualizer.scrollToIndex(matches[next].line, { align: 'center' });
    // Once the row is rendered, bring the match itself into view (long lines scroll sideways).
    requestAnimationFrame(() =>
      requestAnimationFrame(() =>
        scrollRef.current?.querySelector('mark.current')?.scrollIntoView({ block: 'nearest', inline: 'nearest' }),
      ),
    );
  };
  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    go(e.shiftKey ? -1 : 1);
  };

  const count = `${matches.length.toLocaleString()}${capped ? '+' : ''}`;
  const position = current >= 0 ? `${(current + 1).toLocaleString()} of ${count}` : count;
  const scope = onlyMatching ? ` in ${shown.length.toLocaleString()} lines` : '';
  const status = !query
    ? `${shown.length.toLocaleString()} lines`
    : matches.length === 0
      ? 'No matches'
      : `${position} match${matches.length === 1 ? '' : 'es'}${scope}`;
  const active = current >= 0 ? matches[current] : null;

  return (
    <section className="run-log" aria-label="Log">
      <div className="run-log-bar">
        <label className="filter grow">
          <span className="sr-only">Search the log</span>
          <input
            type="search"
            placeholder="Search the log (Enter: next, Shift+Enter: previous)"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={onSearchKey}
            aria-label="Search the log"
            aria-keyshortcuts="Enter Shift+Enter"
          />
        </label>
        <button
          type="button"
          className="ghost small"
          onClick={() => go(-1)}
          disabled={matches.length === 0}
          aria-label="Previous match"
          title="Previous match (Shift+Enter)"
        >
          ↑
        </button>
        <button
          type="button"
          className="ghost small"
          onClick={() => go(1)}
          disabled={matches.length === 0}
          aria-label="Next match"
          title="Next match (Enter)"
        >
          ↓
        </button>
        <span className="muted small log-count" role="status">
          {status}
          {props.stageIndex !== null ? ` of stage ${props.stageIndex + 1}` : ''}
        </span>
        <label className="filter check">
          <input type="checkbox" checked={onlyMatching} onChange={(e) => setOnlyMatching(e.target.checked)} />
          only matching lines
        </label>
        <label className="filter check">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
          follow
        </label>
      </div>
      <div ref={scrollRef} className="run-log-scroll" tabIndex={0} aria-label="Log lines">
        {shown.length === 0 ? (
          <p className="muted log-empty">
            {props.lines.length === 0
              ? 'No output yet. Lines appear here as the stages print them.'
              : 'No line matches the search.'}
          </p>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const line = shown[item.index];
              return (
                <div
                  key={item.key}
                  className={`log-line log-${line.stream}`}
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <span className="log-stage" aria-hidden="true">
                    {line.stageIndex + 1}
                  </span>
                  {splitByMatches(line.text, query).map((part) =>
                    part.match ? (
                      <mark
                        key={part.start}
                        className={
                          active?.line === item.index && active.start === part.start ? 'log-match current' : 'log-match'
                        }
                      >
                        {part.text}
                      </mark>
                    ) : (
                      <Fragment key={part.start}>{part.text}</Fragment>
                    ),
                  )}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </section>
  );
}
