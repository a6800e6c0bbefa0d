import { type KeyboardEvent, useRef } from 'react';

/** WAI-ARIA tabs: one tab stop, arrows move between tabs. */
export function Tabs<T extends string>(props: {
  tabs: readonly T[];
  value: T;
  onChange(tab: T): void;
  label: string;
}): React.JSX.Element {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKey = (e: KeyboardEvent, i: number): void => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = (i + step + props.tabs.length) % props.tabs.length;
    props.onChange(props.tabs[next]);
    refs.current[next]?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={props.label}>
      {props.tabs.map((t, i) => (
        <button
          key={t}
          ref={(el) => {
            refs.current[i] = el;
          }}
          type="button"
          role="tab"
          aria-selected={t === props.value}
          tabIndex={t === props.value ? 0 : -1}
          onClick={() => props.onChange(t)}
          onKeyDown={(e) => onKey(e, i)}
        >
          {t}
        </button>
      ))}
    </div>
  );
}
