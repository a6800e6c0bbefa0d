import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ErrorBanner } from './error-banner';

/** A small modal form with one text field; the save error is shown inside it, where the user acted. */
export function PromptDialog(props: {
  title: string;
  label: string;
  initial: string;
  hint?: string;
  onSave(value: string): Promise<void>;
  onClose(): void;
}): React.JSX.Element {
  const ref = useRef<HTMLDialogElement>(null);
  const [value, setValue] = useState(props.initial);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const dialog = ref.current;
    dialog?.showModal();
    return () => dialog?.close();
  }, []);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    try {
      await props.onSave(value);
      props.onClose();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <dialog ref={ref} className="prompt-dialog" onCancel={props.onClose} aria-label={props.title}>
      <form onSubmit={(e) => void submit(e)}>
        <h2>{props.title}</h2>
        <label>
          {props.label}
          <input autoFocus value={value} onChange={(e) => setValue(e.target.value)} />
        </label>
        {props.hint && <p className="muted small">{props.hint}</p>}
        <ErrorBanner error={error} />
        <div className="dialog-actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Save
          </button>
        </div>
      </form>
    </dialog>
  );
}
