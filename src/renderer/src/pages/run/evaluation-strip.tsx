import { EVAL_RESULT_ARTIFACT, type RunDetail } from '../../../../shared/contract';
import { useApi } from '../../api/api-context';
import { useRefetched } from '../../api/use-refetched';

/**
 * A run's evaluation at a glance: AP, AP50, images, and the output layout (head) and pre-processing preset eval
 * used. For a model from another exporter they say which decoder and letterbox the AP comes from; a wrong one
 * would score near 0 and is the first thing to check.
 */
export function EvaluationStrip(props: { run: RunDetail; active: boolean }): React.JSX.Element | null {
  const api = useApi();
  const runId = props.run.id;
  // The stored result's artifact ids name it: a re-run's new evaluation is a new key, never the old one's AP.
  const stored = props.run.artifacts.filter((a) => a.kind === EVAL_RESULT_ARTIFACT).map((a) => a.id);
  const key = !props.active && stored.length > 0 ? `eval-result:${runId}:${stored.join(',')}` : null;
  const { data: result } = useRefetched(key, () => api.eval.result({ id: runId }));
  if (!result) return null;
  const items: [string, string | number][] = [
    ['AP@[.5:.95]', result.map.toFixed(4)],
    ['AP50', result.map50.toFixed(4)],
    ['images', result.images],
    ...(result.head ? [['head', result.head] as [string, string]] : []),
    ...(result.preset ? [['preset', result.preset] as [string, string]] : []),
  ];
  return (
    <dl className="metric-strip" aria-label="Evaluation">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
