import { errorMessage } from '../api/error-message';
import { SettingsLinks } from './settings-links';

/** A failed action's message and fix, shown next to the control the user used. */
export function ErrorBanner(props: { error: unknown; onDismiss?(): void }): React.JSX.Element | null {
  if (props.error === null || props.error === undefined) return null;
  const { message, hint } = errorMessage(props.error);
  return (
    <div className="error-banner" role="alert">
      <div>
        <strong>
          <SettingsLinks text={message} />
        </strong>
        {hint && (
          <div className="hint">
            <SettingsLinks text={hint} />
          </div>
        )}
      </div>
      {props.onDismiss && (
        <button type="button" className="ghost" onClick={props.onDismiss} aria-label="Dismiss error">
          ✕
        </button>
      )}
    </div>
  );
}
