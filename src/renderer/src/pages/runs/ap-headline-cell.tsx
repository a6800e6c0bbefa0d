import type { ApHeadline } from '../../../../shared/contract';
import { formatAp, formatDelta, RUNTIME_NAMES } from '../../../../shared/evaluation/runtime-names';

/** Short runtime names for the narrow runs-table cell; the tooltip has the full one. */
const SHORT_RUNTIME: Record<ApHeadline['runtime'], string> = {
  'host-ort': 'host',
  'builtin-sim': 'sim',
  'rknn-sim': 'rknn sim',
  'rknn-board': 'board',
  'hisi-board': 'board',
  tensorrt: 'TensorRT',
  imported: 'imported',
};

export function apHeadlineTitle(ap: ApHeadline): string {
  const float =
    ap.floatMap === null
      ? 'no float AP on the same images'
      : `float ${formatAp(ap.floatMap)}, Δ ${formatDelta(ap.deltaMap)} (budget ${ap.budget})`;
  return `AP@[.5:.95] of ${ap.label} on the ${RUNTIME_NAMES[ap.runtime]}: ${formatAp(ap.map)}; ${float}`;
}

/**
 * The runs table's AP: the variant the run ships on its most real runtime, beside the float AP of
 * the same images; red when it loses more than the budget.
 */
export function ApHeadlineCell({ ap }: { ap: ApHeadline | null | undefined }): React.JSX.Element {
  if (!ap)
    return (
      <span role="gridcell" className="ap-cell muted" title="No AP measured in this run">
        —
      </span>
    );
  return (
    <span role="gridcell" className={`ap-cell${ap.overBudget ? ' over-budget' : ''}`} title={apHeadlineTitle(ap)}>
      <span className="ap-value">{formatAp(ap.map)}</span>
      <span className="ap-variant">
        {ap.variant} · {SHORT_RUNTIME[ap.runtime]}
      </span>
      {ap.floatMap !== null && ap.variant !== 'fp32' && (
        <span className="ap-float">
          fp32 {formatAp(ap.floatMap)} <span className="ap-delta">{formatDelta(ap.deltaMap)}</span>
        </span>
      )}
    </span>
  );
}
