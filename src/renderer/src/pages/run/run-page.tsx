import { useState } from 'react';
import { useApi } from '../../api/api-context';
import { EmptyState } from '../../components/empty-state';
import { ErrorBanner } from '../../components/error-banner';
import { PageHeader } from '../../components/page-header';
import { href, navigate } from '../../routing/router';
import { EvaluationStrip } from './evaluation-strip';
import { RunLog } from './run-log';
import { StageTimeline } from './stage-timeline';
import { useRunLive } from './use-run-live';
import { useRunLog } from './use-run-log';

const ACTIVE = new Set(['queued', 'running']);

/** The live view of one run: stage timeline with progress and ETA, the streaming log, cancel and re-run. */
export function RunPage(props: { runId: number | null }): React.JSX.Element {
  const api = useApi();
  const id = props.runId ?? 0;
  const { run, error: loadError, eta } = useRunLive(id);
  const [logStage, setLogStage] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const log = useRunLog(id, `${run?.startedAt ?? ''}`);

  if (props.runId === null || (loadError && !run)) {
    return (
      <div className="page">
        <PageHeader title="Run" />
        <ErrorBanner error={loadError} />
        <EmptyState
          title="This run cannot be shown"
          action={
            <a className="button primary" href={href('runs')}>
              Back to Runs
            </a>
          }
        >
          It may have been deleted. Pick another run from the list.
        </EmptyState>
      </div>
    );
  }
  if (!run) return <div className="page muted">Loading run #{id}…</div>;

  const act = (fn: () => Promise<unknown>) => () => {
    setError(null);
    fn().catch(setError);
  };
  const active = ACTIVE.has(run.status);
  // A re-run is a new child run (the parent's history stays as it is): follow it.
  const rerun = (fromStage: number) =>
    act(async () => navigate(href('run', (await api.runs.rerun({ id, fromStage })).id)));
  return (
    <div className="page fill run-page">
      <PageHeader
        title={`Run #${run.id} ${run.name}`}
        subtitle={
          <>
            <span className={`status status-${run.status}`}>{run.status}</span> {run.target} · {run.backend}
            {run.tags.length > 0 && ` · ${run.tags.join(', ')}`}
            {run.parentRunId && (
              <>
                {' · from '}
                <a href={href('run', run.parentRunId)}>#{run.parentRunId}</a>
              </>
            )}
          </>
        }
      >
        {active && (
          <button type="button" className="danger" onClick={act(() => api.runs.cancel({ id }))}>
            Cancel run
          </button>
        )}
        {!active && (
          <button type="button" onClick={rerun(0)}>
            Re-run
          </button>
        )}
        <a className="button" href={href('new', null, { from: String(id) })}>
          Duplicate as new
        </a>
        <a className="button primary" href={href('accuracy', id)}>
          Accuracy
        </a>
      </PageHeader>
      <ErrorBanner error={error ?? log.error} onDismiss={() => setError(null)} />
      {run.error && (
        <div className="error-banner" role="alert">
          <strong>{run.error}</strong>
        </div>
      )}
      <div className="run-body">
        <StageTimeline
          stages={run.stages}
          eta={eta}
          canRerun={!active}
          onRerun={(i) => rerun(i)()}
          activeLog={logStage}
          onShowLog={setLogStage}
        />
        <RunLog lines={log.lines} stageIndex={logStage} />
      </div>
      <EvaluationStrip run={run} active={active} />
      {Object.keys(run.metrics).length > 0 && (
        <dl className="metric-strip" aria-label="Metrics">
          {Object.entries(run.metrics).map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{Number.isInteger(v) ? v : v.toFixed(4)}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
