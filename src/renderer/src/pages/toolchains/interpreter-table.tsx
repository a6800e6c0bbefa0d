import type { InterpreterReport } from '../../../../shared/contract/toolchains-contract';

const KEY_PACKAGES = ['torch', 'onnx', 'onnxruntime', 'ultralytics', 'rknn-toolkit2', 'tensorrt'];

/** Each interpreter found, where it came from, and which of the packages the workbench drives it has. */
export function InterpreterTable(props: {
  interpreters: InterpreterReport[];
  onUse(path: string): void;
  onCheck(path: string): void;
  checking: string | null;
}): React.JSX.Element {
  if (props.interpreters.length === 0)
    return (
      <p className="muted">
        No Python interpreter found. Install Python 3 (or create a venv with your toolkit) and press Re-check.
      </p>
    );
  const packages = [
    ...new Set([
      ...KEY_PACKAGES.filter((k) => props.interpreters.some((i) => k in i.packages)),
      ...props.interpreters.flatMap((i) => Object.keys(i.packages)),
    ]),
  ].slice(0, 6);
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label="Python interpreters">
        <thead>
          <tr>
            <th>Interpreter</th>
            <th>Python</th>
            {packages.map((p) => (
              <th key={p}>{p}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.interpreters.map((i) => {
            // The doctor inspects the selected interpreter; the others only when asked (importing torch takes seconds).
            const checked = i.version !== null || i.error !== null;
            return (
              <tr key={i.path} className={i.selected ? 'selected-row' : undefined}>
                <th scope="row" className="mono" title={i.realPath}>
                  {i.path}
                  <div className="muted small">{i.sources.join(', ')}</div>
                  {i.error && <div className="sev-bad small">{i.error}</div>}
                  <div className="row-actions">
                    {i.selected ? (
                      <span className="chip baseline">in use</span>
                    ) : (
                      <button type="button" className="small" onClick={() => props.onUse(i.path)} disabled={!!i.error}>
                        Use this one
                      </button>
                    )}
                    {!checked && (
                      <button
                        type="button"
                        className="small"
                        disabled={props.checking !== null}
                        onClick={() => props.onCheck(i.path)}
                      >
                        {props.checking === i.path ? 'Checking…' : 'Check'}
                      </button>
                    )}
                  </div>
                </th>
                <td>{i.version ?? (checked ? '—' : <span className="muted">not checked</span>)}</td>
                {packages.map((p) => (
                  <td key={p} className={i.packages[p] ? '' : 'muted'}>
                    {i.packages[p] ?? (checked ? 'missing' : '')}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
