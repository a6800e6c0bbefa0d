import { SettingsLinks } from '../../components/settings-links';
import type { BoardProblem } from '../../../../shared/contract/board-contract';

/** The doctor's findings, worst first, each with its fix; runtime ones get a one-click repair. */
export function BoardProblems(props: {
  problems: BoardProblem[];
  busy: boolean;
  onFixRuntime(): void;
}): React.JSX.Element {
  if (props.problems.length === 0)
    return <p className="config-ok">No problems: this board is ready for conversion runs and accuracy analysis.</p>;
  const order = { error: 0, warning: 1, info: 2 } as const;
  const sorted = [...props.problems].sort((a, b) => order[a.severity] - order[b.severity]);
  // Runtime problems the workbench repairs itself by pushing matching binaries (board:fixRuntime).
  const fixable = sorted.some((p) => p.action === 'board-fix-runtime');
  return (
    <div className="board-problems">
      <ul aria-label="Board problems">
        {sorted.map((p) => (
          <li key={p.code} className={`problem problem-${p.severity}`}>
            <strong>
              <SettingsLinks text={p.message} />
            </strong>
            <div className="muted small">
              Fix: <SettingsLinks text={p.fix} />
            </div>
          </li>
        ))}
      </ul>
      {fixable && (
        <button type="button" className="primary" disabled={props.busy} onClick={props.onFixRuntime}>
          {props.busy ? 'Fixing…' : 'Fix runtime (push matching rknn_server + librknnrt)'}
        </button>
      )}
    </div>
  );
}
