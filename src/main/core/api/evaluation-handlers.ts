import type { RunPage } from '../../../shared/contract';
import { apHeadline } from '../../../shared/evaluation/ap-headline';
import { buildApTable } from '../evaluation/ap-table';
import { compareEvaluations } from '../evaluation/compare-evaluations';
import type { Workspace } from '../workspace/workspace';
import type { Handlers } from './dispatch';

/** Every run must exist (deleted ones too: history is readable until purged). */
function checkRuns(workspace: Workspace, ids: readonly number[]): void {
  for (const id of ids) workspace.runs.getRow(id);
}

/** Fills each run's headline AP from the ledger (one query for the page). */
export function withHeadlines(workspace: Workspace, page: RunPage): RunPage {
  const records = workspace.evaluations.list(page.rows.map((r) => r.id));
  return {
    ...page,
    rows: page.rows.map((r) => ({ ...r, ap: apHeadline(records.filter((e) => e.runId === r.id)) })),
  };
}

/** Handlers of evaluationInvokeContract. */
export function createEvaluationHandlers(deps: {
  workspace: Workspace;
}): Pick<Handlers, 'runs:evaluations' | 'runs:compare' | 'runs:apTable' | 'eval:curves'> {
  const { workspace } = deps;
  return {
    'runs:evaluations': ({ ids, includeCandidates }) => {
      checkRuns(workspace, ids);
      return workspace.evaluations.list(ids, { includeCandidates });
    },
    'runs:compare': ({ ids, dataset, includeCandidates }) => {
      checkRuns(workspace, ids);
      return compareEvaluations(workspace.evaluations.list(ids, { includeCandidates }), ids, dataset);
    },
    'runs:apTable': ({ ids, dataset, includeCandidates }) => {
      const names = new Map(ids.map((id) => [id, workspace.runs.getRow(id).name]));
      return buildApTable(workspace.evaluations.list(ids, { includeCandidates }), ids, names, dataset);
    },
    'eval:curves': ({ id }) => workspace.evaluations.curves(id),
  };
}
