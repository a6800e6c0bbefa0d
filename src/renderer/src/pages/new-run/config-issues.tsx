import { issueLocation } from '../../editor/issue-location';
import type { ConfigCheck } from '../../../../shared/contract';

/** The validation result under the editor: "valid" or every issue with its line. */
export function ConfigIssues(props: { check: ConfigCheck | null }): React.JSX.Element | null {
  if (!props.check) return null;
  if (props.check.ok)
    return (
      <p className="config-ok" role="status">
        The config is valid.
      </p>
    );
  return (
    <ul className="config-issues" role="alert" aria-label="Config problems">
      {props.check.issues.map((issue, i) => (
        <li key={i}>
          {issue.line !== null && <span className="issue-line">line {issue.line}</span>}{' '}
          {issue.path && <code>{issueLocation(issue.path)}</code>} {issue.message}
        </li>
      ))}
    </ul>
  );
}
