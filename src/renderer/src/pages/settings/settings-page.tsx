import { useEffect, useRef, useState } from 'react';
import type { Settings, SettingsPatch } from '../../../../shared/contract';
import { useApi } from '../../api/api-context';
import { errorMessage } from '../../api/error-message';
import { ErrorBanner } from '../../components/error-banner';
import { PageHeader } from '../../components/page-header';
import { PythonCheck } from './python-check';

type Draft = Omit<Settings, 'baselineRunId' | 'vendorRuntimeDirs' | 'adbServerPort' | 'threads'> & {
  vendorRuntimeDirs: string;
  adbServerPort: string;
  threads: string;
};

const toDraft = (s: Settings): Draft => ({
  pythonPath: s.pythonPath,
  adbPath: s.adbPath,
  adbServerPort: String(s.adbServerPort),
  vendorRuntimeDirs: s.vendorRuntimeDirs.join('\n'),
  threads: String(s.threads),
  theme: s.theme,
});

/** Plain-word problems of a draft, by field, before it is sent (main checks the paths). */
function draftProblems(d: Draft): Partial<Record<keyof Draft, string>> {
  const out: Partial<Record<keyof Draft, string>> = {};
  const port = Number(d.adbServerPort);
  if (!Number.isInteger(port) || port < 1 || port > 65535) out.adbServerPort = 'A port is a whole number 1–65535.';
  const threads = Number(d.threads);
  if (!Number.isInteger(threads) || threads < 0 || threads > 256)
    out.threads = 'A whole number 0–256 (0 lets onnxruntime use every core).';
  return out;
}

function patchOf(d: Draft, saved: Settings): SettingsPatch {
  const next: SettingsPatch = {
    pythonPath: d.pythonPath.trim(),
    adbPath: d.adbPath.trim(),
    adbServerPort: Number(d.adbServerPort),
    vendorRuntimeDirs: d.vendorRuntimeDirs
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
    threads: Number(d.threads),
    theme: d.theme,
  };
  return Object.fromEntries(
    Object.entries(next).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(saved[k as keyof Settings])),
  );
}

/** The field a main-side error names ("Settings › adbPath: …"). */
const fieldOf = (message: string): string | null => /Settings › (\w+)/.exec(message)?.[1] ?? null;

/**
 * Every setting the CLI has (`npu-workbench settings`): Python interpreter with a live check, adb path and port, vendor
 * runtime folders, threads and theme. Saved to the workspace, validated in main; `?field=key` focuses one field, which
 * is where every "Settings › key" message links.
 */
export function SettingsPage(props: { field: string | null; onThemeSaved(theme: Settings['theme']): void }) {
  const api = useApi();
  const [saved, setSaved] = useState<Settings | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    api.settings.get().then((s) => {
      setSaved(s);
      setDraft(toDraft(s));
    }, setError);
  }, [api]);
  useEffect(() => {
    if (!draft || !props.field) return;
    const el = form.current?.querySelector<HTMLElement>(`#setting-${props.field}`);
    el?.focus();
    el?.scrollIntoView({ block: 'center' });
    // Only when the page opens on a field (or the settings arrive), not on every keystroke.
  }, [props.field, draft === null]);
  if (!draft || !saved)
    return (
      <div className="page">
        <PageHeader title="Settings" />
        <ErrorBanner error={error} />
      </div>
    );
  const problems = draftProblems(draft);
  const patch = patchOf(draft, saved);
  const serverField = error ? fieldOf(errorMessage(error).message) : null;
  const set = (patch: Partial<Draft>): void => {
    setDraft({ ...draft, ...patch });
    setDone(false);
  };
  const save = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const next = await api.settings.update(patch);
      setSaved(next);
      setDraft(toDraft(next));
      setDone(true);
      if (patch.theme) props.onThemeSaved(next.theme);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const field = (key: keyof Draft, label: string, control: React.ReactNode, help: React.ReactNode) => (
    <div className={`setting${props.field === key ? ' linked' : ''}`}>
      <label htmlFor={`setting-${key}`}>{label}</label>
      {control}
      <div className="muted small">{help}</div>
      {problems[key] && <p className="sev-bad small">{problems[key]}</p>}
      {serverField === key && <ErrorBanner error={error} />}
    </div>
  );
  return (
    <div className="page settings-page">
      <PageHeader title="Settings" subtitle="Stored with the workspace; the CLI reads the same values." />
      <form
        ref={form}
        className="settings-form"
        aria-label="Settings"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {field(
          'pythonPath',
          'Python interpreter (pythonPath)',
          <input
            id="setting-pythonPath"
            className="mono"
            value={draft.pythonPath}
            placeholder="python3 on PATH"
            onChange={(e) => set({ pythonPath: e.target.value })}
          />,
          <PythonCheck path={draft.pythonPath.trim()} />,
        )}
        {field(
          'adbPath',
          'adb (adbPath)',
          <input
            id="setting-adbPath"
            className="mono"
            value={draft.adbPath}
            placeholder="adb on PATH, else the Android SDK's platform-tools"
            onChange={(e) => set({ adbPath: e.target.value })}
          />,
          'The adb client board connections use. Share one adb with your other tools, or give this one its own port.',
        )}
        {field(
          'adbServerPort',
          'adb server port (adbServerPort)',
          <input
            id="setting-adbServerPort"
            inputMode="numeric"
            value={draft.adbServerPort}
            onChange={(e) => set({ adbServerPort: e.target.value })}
          />,
          '5037 is adb’s default.',
        )}
        {field(
          'vendorRuntimeDirs',
          'Vendor runtime folders (vendorRuntimeDirs)',
          <textarea
            id="setting-vendorRuntimeDirs"
            className="mono"
            rows={3}
            value={draft.vendorRuntimeDirs}
            placeholder="/opt/rknn-toolkit2/rknpu2/runtime"
            onChange={(e) => set({ vendorRuntimeDirs: e.target.value })}
          />,
          'One folder per line holding rknn_server and librknnrt.so; Fix runtime on the Board screen pushes them.',
        )}
        {field(
          'threads',
          'Threads (threads)',
          <input
            id="setting-threads"
            inputMode="numeric"
            value={draft.threads}
            onChange={(e) => set({ threads: e.target.value })}
          />,
          'onnxruntime threads for evaluation and analysis; 0 uses every core.',
        )}
        {field(
          'theme',
          'Theme (theme)',
          <select
            id="setting-theme"
            value={draft.theme}
            onChange={(e) => set({ theme: e.target.value as Settings['theme'] })}
          >
            <option value="system">system</option>
            <option value="light">light</option>
            <option value="dark">dark</option>
          </select>,
          'system follows the desktop’s light/dark preference.',
        )}
        {!serverField && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
        <div className="settings-actions">
          <button
            type="submit"
            className="primary"
            disabled={busy || Object.keys(problems).length > 0 || Object.keys(patch).length === 0}
          >
            {busy ? 'Saving…' : 'Save settings'}
          </button>
          <span className="muted small" role="status">
            {done ? 'Saved.' : Object.keys(patch).length > 0 ? `${Object.keys(patch).length} unsaved change(s)` : ''}
          </span>
        </div>
      </form>
    </div>
  );
}
