import { EmptyState } from '../../components/empty-state';
import { PageHeader } from '../../components/page-header';
import { href } from '../../routing/router';

/** Per-layer error of one run, as a table and as a heatmap on its ONNX graph. */
export function AccuracyPage(props: { runId: number | null }): React.JSX.Element {
  return (
    <div className="page">
      <PageHeader title="Accuracy" subtitle="Where a quantized model loses accuracy, layer by layer." />
      {props.runId === null && (
        <EmptyState title="Pick a run to analyse" action={<a className="button primary" href={href('runs')}>Open the runs list</a>}>
          Open a finished run from <strong>Runs</strong> and choose <em>Accuracy</em> to see its per-layer errors.
        </EmptyState>
      )}
    </div>
  );
}
