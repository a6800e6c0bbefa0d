import { useCallback, useEffect, useMemo, useState } from 'react';
import type { RunFacets, RunQuery, RunSummary } from '../../../../shared/contract';
import { useApi } from '../../api/api-context';
import { EmptyState } from '../../components/empty-state';
import { ErrorBanner } from '../../components/error-banner';
import { PageHeader } from '../../components/page-header';
import { PromptDialog } from '../../components/prompt-dialog';
import { UndoToast } from '../../components/undo-toast';
import { href, navigate } from '../../routing/router';
import { pickMetricColumns } from './metric-columns';
import { RunActions } from './run-actions';
import { RunsFilters } from './runs-filters';
import { RunsTable } from './runs-table';
import { NextSteps } from './next-steps';
import { useBaseline } from './use-baseline';
import { useRunWindow } from './use-run-window';

type Dialog = { kind: 'rename' | 'tags'; run: RunSummary } | null;

/** Home screen: every run, filterable, with Δ against a pinned baseline, and the actions on runs. */
export function RunsPage(): React.JSX.Element {
  const api = useApi();
  const [filters, setFilters] = useState<RunQuery>({});
  const runs = useRunWindow(filters);
  const [facets, setFacets] = useState<RunFacets | null>(null);
  const baseline = useBaseline();
  const [active, setActive] = useState(0);
  const [selected, setSelected] = useState<Map<number, RunSummary>>(new Map());
  const [dialog, setDialog] = useState<Dialog>(null);
  const [error, setError] = useState<unknown>(null);
  const [deleted, setDeleted] = useState<RunSummary | null>(null);

  useEffect(() => {
    const load = (): void => void api.runs.facets().then(setFacets, setError);
    load();
    return api.events.onRunsChanged(load);
  }, [api]);
  useEffect(() => setActive(0), [filters]);

  const metrics = useMemo(() => pickMetricColumns(facets?.metricKeys ?? []), [facets]);
  const activeRun = runs.rowAt(active);
  const act = useCallback(async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e);
    }
  }, []);

  const toggleSelect = (run: RunSummary): void =>
    setSelected((prev) => {
      const next = new Map(prev);
      if (next.has(run.id)) next.delete(run.id);
      else next.set(run.id, run);
      return next;
    });
  const remove = (run: RunSummary): void =>
    void act(async () => {
      await api.runs.delete({ id: run.id });
      setDeleted(run);
      setSelected((prev) => {
        const next = new Map(prev);
        next.delete(run.id);
        return next;
      });
    });
  const clearDeleted = useCallback(() => setDeleted(null), []);

  const handlers = {
    onRename: (run: RunSummary) => setDialog({ kind: 'rename', run }),
    onTags: (run: RunSummary) => setDialog({ kind: 'tags', run }),
    onArchive: (run: RunSummary) => void act(() => api.runs.update({ id: run.id, archived: !run.archived })),
    onBaseline: (run: RunSummary) => void act(() => baseline.pin(baseline.run?.id === run.id ? null : run.id)),
    onDelete: remove,
  };

  const empty = runs.total === 0;
  const filtered = Object.values(filters).some((v) => v !== undefined);
  return (
    <div className="page fill runs-page">
      <PageHeader
        title="Runs"
        subtitle={
          runs.total === null
            ? 'Loading…'
            : `${runs.total.toLocaleString()} run${runs.total === 1 ? '' : 's'}` +
              (filtered ? ' match the filters' : ' in this workspace') +
              (baseline.run ? ` · Δ against #${baseline.run.id} ${baseline.run.name}` : '')
        }
      >
        <a className="button primary" href={href('new')}>
          New run
        </a>
      </PageHeader>
      {(!empty || filtered) && <RunsFilters value={filters} facets={facets} onChange={setFilters} />}
      {!empty && (
        <RunActions
          run={activeRun}
          baselineId={baseline.run?.id ?? null}
          selectedIds={[...selected.keys()]}
          handlers={handlers}
        />
      )}
      <ErrorBanner error={error ?? runs.error ?? baseline.error} onDismiss={() => setError(null)} />
      {empty && !filtered && (
        <EmptyState
          title="No runs yet"
          action={
            <>
              <a className="button primary" href={href('new', null, { template: 'demo' })}>
                Try the demo project
              </a>{' '}
              <a className="button" href={href('new')}>
                Create your first run
              </a>
            </>
          }
        >
          A run converts, analyses and evaluates a model for one target. Start with the bundled demo detector as a
          baseline, or write your own run in <strong>New run</strong>; runs are listed here with their status and AP.
        </EmptyState>
      )}
      {empty && filtered && (
        <EmptyState
          title="No run matches these filters"
          action={
            <button type="button" onClick={() => setFilters({})}>
              Clear filters
            </button>
          }
        >
          Loosen a filter or clear them all to see every run.
        </EmptyState>
      )}
      {!filtered && <NextSteps total={runs.total} first={runs.rowAt(0)} />}
      {!empty && (
        <RunsTable
          window={runs}
          metrics={metrics}
          baseline={baseline.run}
          active={active}
          selected={new Set(selected.keys())}
          onActivate={setActive}
          onToggleSelect={toggleSelect}
          onOpen={(run) => navigate(href('run', run.id))}
          onDelete={remove}
        />
      )}
      {dialog?.kind === 'rename' && (
        <PromptDialog
          title={`Rename run #${dialog.run.id}`}
          label="Name"
          initial={dialog.run.name}
          onClose={() => setDialog(null)}
          onSave={async (name) => void (await api.runs.update({ id: dialog.run.id, name: name.trim() }))}
        />
      )}
      {dialog?.kind === 'tags' && (
        <PromptDialog
          title={`Tags of run #${dialog.run.id}`}
          label="Tags"
          hint="Comma-separated, e.g. int8, hybrid, rk3588"
          initial={dialog.run.tags.join(', ')}
          onClose={() => setDialog(null)}
          onSave={async (text) =>
            void (await api.runs.update({
              id: dialog.run.id,
              tags: [
                ...new Set(
                  text
                    .split(',')
                    .map((t) => t.trim())
                    .filter(Boolean),
                ),
              ],
            }))
          }
        />
      )}
      {deleted && (
        <UndoToast
          key={deleted.id}
          message={`Deleted run #${deleted.id} ${deleted.name}`}
          onExpire={clearDeleted}
          onUndo={() => void act(async () => (await api.runs.restore({ id: deleted.id }), setDeleted(null)))}
        />
      )}
    </div>
  );
}
