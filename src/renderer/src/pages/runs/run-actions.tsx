import type { RunSummary } from '../../../../shared/contract';
import { href } from '../../routing/router';

export interface RunActionHandlers {
  onRename(run: RunSummary): void;
  onTags(run: RunSummary): void;
  onArchive(run: RunSummary): void;
  onBaseline(run: RunSummary): void;
  onDelete(run: RunSummary): void;
}

/** Actions on the focused run, and Compare for the ticked ones. */
export function RunActions(props: {
  run: RunSummary | undefined;
  baselineId: number | null;
  selectedIds: number[];
  handlers: RunActionHandlers;
}): React.JSX.Element {
  const { run, handlers: h } = props;
  const compare =
    props.selectedIds.length >= 2 ? href('compare', null, { ids: props.selectedIds.join(',') }) : undefined;
  return (
    <div className="run-actions" role="toolbar" aria-label="Run actions">
      <span className="muted small">{run ? `#${run.id} ${run.name}` : 'No run focused'}</span>
      <a className="button" href={run ? href('run', run.id) : undefined} aria-disabled={!run}>
        Open
      </a>
      <a className="button" href={run ? href('accuracy', run.id) : undefined} aria-disabled={!run}>
        Accuracy
      </a>
      <a className="button" href={run ? href('new', null, { from: String(run.id) }) : undefined} aria-disabled={!run}>
        Duplicate as new
      </a>
      <button type="button" disabled={!run} onClick={() => run && h.onRename(run)}>
        Rename
      </button>
      <button type="button" disabled={!run} onClick={() => run && h.onTags(run)}>
        Tags
      </button>
      <button type="button" disabled={!run} onClick={() => run && h.onArchive(run)}>
        {run?.archived ? 'Unarchive' : 'Archive'}
      </button>
      <button
        type="button"
        disabled={!run}
        onClick={() => run && h.onBaseline(run)}
        aria-pressed={!!run && run.id === props.baselineId}
      >
        {run && run.id === props.baselineId ? 'Unpin baseline' : 'Pin as baseline'}
      </button>
      <button type="button" className="danger" disabled={!run} onClick={() => run && h.onDelete(run)}>
        Delete
      </button>
      <a
        className="button primary"
        href={compare}
        aria-disabled={!compare}
        title="Tick two or more runs (Space) to compare them"
      >
        Compare{props.selectedIds.length ? ` (${props.selectedIds.length})` : ''}
      </a>
    </div>
  );
}
