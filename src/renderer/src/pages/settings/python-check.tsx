import { useEffect, useState } from 'react';
import type { InterpreterReport } from '../../../../shared/contract/toolchains-contract';
import { useApi } from '../../api/api-context';
import { errorMessage } from '../../api/error-message';

const PACKAGES = ['torch', 'onnx', 'onnxruntime', 'rknn-toolkit2', 'tensorrt'];

/** Live check of a Python interpreter as it is typed: its version and the packages the workbench drives. */
export function PythonCheck(props: { path: string }): React.JSX.Element {
  const api = useApi();
  const [state, setState] = useState<{ for: string; report: InterpreterReport | null; error: string | null } | null>(
    null,
  );
  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      api.toolchains.doctor(props.path ? { python: props.path } : {}).then(
        (r) => {
          const report = r.interpreters.find((i) => i.path === props.path) ?? r.interpreters.find((i) => i.selected);
          if (live) setState({ for: props.path, report: report ?? null, error: null });
        },
        (e: unknown) => live && setState({ for: props.path, report: null, error: errorMessage(e).message }),
      );
    }, 400);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [api, props.path]);
  if (!state || state.for !== props.path)
    return (
      <p className="muted small" role="status">
        Checking {props.path || 'the Python on PATH'}…
      </p>
    );
  const r = state.report;
  if (state.error || !r || r.error)
    return (
      <p className="sev-bad small" role="status">
        {state.error ?? r?.error ?? `No Python found${props.path ? ` at ${props.path}` : ' on PATH'}.`}
      </p>
    );
  return (
    <p className="small" role="status">
      <span className="sev-ok">Python {r.version}</span> at <span className="mono">{r.realPath}</span> ·{' '}
      {PACKAGES.map((p) => `${p} ${r.packages[p] ?? 'missing'}`).join(' · ')}
    </p>
  );
}
