import { useEffect } from 'react';

/** "Run deleted — Undo" for a few seconds; the action is already done, Undo reverses it. */
export function UndoToast(props: {
  message: string;
  onUndo(): void;
  onExpire(): void;
  seconds?: number;
}): React.JSX.Element {
  const { onExpire, seconds = 8 } = props;
  useEffect(() => {
    const t = setTimeout(onExpire, seconds * 1000);
    return () => clearTimeout(t);
  }, [onExpire, seconds]);
  return (
    <div className="toast" role="status">
      <span>{props.message}</span>
      <button type="button" onClick={props.onUndo}>
        Undo
      </button>
    </div>
  );
}
