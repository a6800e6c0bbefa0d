import type { ErrorAction } from '../../../../shared/contract';
import { errorMessage } from '../../api/error-message';

const LABELS: Record<ErrorAction, string> = {
  'board-connect': 'Connect a network board',
  'board-list': 'Refresh the board list',
  'board-probe': 'Probe again',
  'board-fix-runtime': 'Fix runtime',
};

/** The Board page's button for the step an error's fix names (the CLI prints its command instead). */
export function BoardErrorAction(props: {
  error: unknown;
  disabled?: boolean;
  onAction(action: ErrorAction): void;
}): React.JSX.Element | null {
  if (props.error === null || props.error === undefined) return null;
  const { action } = errorMessage(props.error);
  if (!action) return null;
  return (
    <button type="button" className="error-action" disabled={props.disabled} onClick={() => props.onAction(action)}>
      {LABELS[action]}
    </button>
  );
}
