import { useEffect, useState } from 'react';
import type { RunPage } from '../../../../shared/contract';
import { useApi } from '../../api/api-context';
import { EmptyState } from '../../components/empty-state';
import { ErrorBanner } from '../../components/error-banner';
import { PageHeader } from '../../components/page-header';
import { href } from '../../routing/router';

/** Home screen: every run in the workspace, newest first. */
export function RunsPage(): React.JSX.Element {
  const api = useApi();
  const [page, setPage] = useState<RunPage | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const load = (): void => void api.runs.list({ limit: 500 }).then(setPage, setError);
    load();
    return api.events.onRunsChanged(load);
  }, [api]);

  return (
    <div className="page runs-page">
      <PageHeader title="Runs" subtitle={page ? `${page.total} run${page.total === 1 ? '' : 's'} in this workspace` : 'Loading…'}>
        <a className="button primary" href={href('new')}>
          New run
        </a>
      </PageHeader>
      <ErrorBanner error={error} />
      {page && page.total === 0 && (
        <EmptyState title="No runs yet" action={<a className="button primary" href={href('new')}>Create your first run</a>}>
          A run converts, analyses and evaluates a model for one target. Start one from <strong>New run</strong>; it will be listed here with its status and AP.
        </EmptyState>
      )}
      {page && page.total > 0 && (
        <ul className="plain-list">
          {page.rows.map((r) => (
            <li key={r.id}>
              <a href={href('run', r.id)}>
                #{r.id} {r.name}
              </a>{' '}
              <span className={`status status-${r.status}`}>{r.status}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
