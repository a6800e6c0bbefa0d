import type { ReactNode } from 'react';

/** Every empty screen says what is missing and what to do next. */
export function EmptyState(props: { title: string; children: ReactNode; action?: ReactNode }): React.JSX.Element {
  return (
    <div className="empty-state" role="status">
      <h2>{props.title}</h2>
      <div className="empty-text">{props.children}</div>
      {props.action && <div className="empty-action">{props.action}</div>}
    </div>
  );
}
