import type { RunSummary } from '../../../../shared/contract';
import { href } from '../../routing/router';

/**
 * What to do next in a young workspace (first launch: the demo run alone): look at the demo run's numbers, then make
 * a run of your own from a template. Hidden once the workspace holds a few runs.
 */
export function NextSteps(props: { total: number | null; first: RunSummary | undefined }): React.JSX.Element | null {
  if (props.total === null || props.total === 0 || props.total > 2 || !props.first) return null;
  const run = props.first;
  return (
    <aside className="next-steps" aria-label="Next steps">
      <strong>Next steps</strong>
      <ol>
        <li>
          Open{' '}
          <a href={href('run', run.id)}>
            #{run.id} {run.name}
          </a>{' '}
          for its stages and log, then its <a href={href('accuracy', run.id)}>Accuracy</a> (per-layer error and the
          keep-float proposal) and <a href={href('compare', null, { ids: String(run.id) })}>Compare</a> (AP per class,
          PR curves).
        </li>
        <li>
          Make a run of your own from a template in <a href={href('new')}>New run</a>: evaluation only, int8 analysis
          with a proposal, rknn, ATC or TensorRT.
        </li>
        <li>
          Point the workbench at your Python and toolkits in <a href={href('settings')}>Settings</a> and{' '}
          <a href={href('toolchains')}>Toolchains</a>.
        </li>
      </ol>
    </aside>
  );
}
