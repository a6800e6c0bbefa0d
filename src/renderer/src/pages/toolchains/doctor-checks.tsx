import { SettingsLinks } from '../../components/settings-links';
import type { DoctorCheck } from '../../../../shared/contract/toolchains-contract';

const ORDER = { error: 0, warning: 1, info: 2, ok: 3 } as const;

/** The doctor's verdicts, problems first, each with how to fix it. */
export function DoctorChecks(props: { checks: DoctorCheck[] }): React.JSX.Element {
  const sorted = [...props.checks].sort((a, b) => ORDER[a.level] - ORDER[b.level]);
  return (
    <ul className="doctor-checks" aria-label="Doctor checks">
      {sorted.map((c) => (
        <li key={c.id} className={`problem problem-${c.level}`}>
          <span className={`level level-${c.level}`}>{c.level}</span>{' '}
          <strong>
            <SettingsLinks text={c.message} />
          </strong>
          {c.hint && (
            <div className="muted small">
              <SettingsLinks text={c.hint} />
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
