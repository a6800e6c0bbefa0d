import { EmptyState } from '../../components/empty-state';
import { PageHeader } from '../../components/page-header';
import { href } from '../../routing/router';

/** Two or more runs side by side: AP, per-class AP, latency and the config lines that differ. */
export function ComparePage(props: { runIds: number[] }): React.JSX.Element {
  return (
    <div className="page">
      <PageHeader title="Compare" subtitle="Two or more runs side by side." />
      {props.runIds.length < 2 && (
        <EmptyState title="Select two or more runs" action={<a className="button primary" href={href('runs')}>Select runs</a>}>
          In <strong>Runs</strong>, tick the runs to compare and press <em>Compare</em>.
        </EmptyState>
      )}
    </div>
  );
}
