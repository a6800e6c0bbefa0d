import { type FormEvent, useState } from 'react';
import type { AppInfo } from '../../../../shared/contract';
import { useApi } from '../../api/api-context';
import { errorMessage } from '../../api/error-message';
import { SettingsLinks } from '../../components/settings-links';

/** A full path: `/…`, `~/…` (main expands it) or a Windows drive. */
const isFullPath = (p: string): boolean => /^(\/|~(\/|$)|[A-Za-z]:[\\/])/.test(p);

/**
 * Asked only when the runtime fix found no rknn-toolkit2 runtime on this computer: the desktop app opens the
 * OS folder picker, browser mode takes a typed path (checked here for shape, by main for content). The error
 * about the folder shows here, under the field, not as a second banner.
 */
export function RuntimeFolderPrompt(props: {
  mode: AppInfo['mode'] | null;
  error: unknown;
  busy: boolean;
  onSubmit(dir: string): void;
}): React.JSX.Element {
  const api = useApi();
  const [dir, setDir] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const [pickError, setPickError] = useState<unknown>(null);
  const { message, hint } = errorMessage(props.error);
  const submit = (value: string): void => {
    const trimmed = value.trim();
    if (!isFullPath(trimmed)) return setInvalid('Enter the full path of the folder (it starts with / or ~).');
    setInvalid(null);
    props.onSubmit(trimmed);
  };
  const pick = async (): Promise<void> => {
    setPickError(null);
    try {
      const { path } = await api.app.pickFolder({ title: 'rknn-toolkit2 runtime folder (rknpu2/runtime)' });
      if (path) {
        setDir(path);
        submit(path);
      }
    } catch (err) {
      setPickError(err);
    }
  };
  return (
    <form
      className="connect-form runtime-folder"
      aria-label="Runtime folder"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        submit(dir);
      }}
    >
      {props.error !== null && (
        <div className="sev-bad small" role="alert">
          <strong>{message}</strong>
          {hint && (
            <div>
              <SettingsLinks text={hint} />
            </div>
          )}
        </div>
      )}
      <label className="filter grow">
        rknn-toolkit2 runtime folder (rknpu2/runtime, holds rknn_server and librknnrt.so)
        <input
          className="mono"
          value={dir}
          onChange={(e) => setDir(e.target.value)}
          placeholder="~/rknn-toolkit2/rknpu2/runtime"
          aria-invalid={invalid !== null}
        />
        {invalid && <span className="sev-bad small">{invalid}</span>}
        {pickError !== null && <span className="sev-bad small">{errorMessage(pickError).message}</span>}
      </label>
      {props.mode === 'electron' && (
        <button type="button" disabled={props.busy} onClick={() => void pick()}>
          Choose folder…
        </button>
      )}
      <button type="submit" className="primary" disabled={props.busy || !dir.trim()}>
        {props.busy ? 'Fixing…' : 'Fix runtime from this folder'}
      </button>
    </form>
  );
}
