import type { EvaluationCurves, EvaluationRecord } from '../../../../shared/contract';
import { DEFAULT_AP_BUDGET } from '../../../../shared/evaluation/ap-headline';
import { pickReference } from '../../../../shared/evaluation/reference-record';
import { formatAp, formatDelta, LATENCY_WHERE_NAMES, RUNTIME_NAMES } from '../../../../shared/evaluation/runtime-names';
import { variantKey } from './chosen-variant';

/** pycocotools' 12 stats, in its order, with the names people read in papers. */
const STAT_NAMES = [
  'AP50-95',
  'AP50',
  'AP75',
  'AP small',
  'AP medium',
  'AP large',
  'AR@1',
  'AR@10',
  'AR@100',
  'AR small',
  'AR medium',
  'AR large',
];
const MAIN_STATS = [0, 1, 2];

/** Hybrid keep sets, proposal status and how often the same model gave the same AP (stages re-measure fp32). */
function variantTitle(r: EvaluationRecord, times: number): string | undefined {
  const keep = Array.isArray(r.variantDetail.keepFloat) ? (r.variantDetail.keepFloat as string[]) : [];
  const parts = [
    r.role === 'proposal' ? 'proposed by the analysis, not built yet' : '',
    keep.length ? `kept ${String(r.variantDetail.precision ?? 'float')}: ${keep.join(', ')}` : '',
    times > 1 ? `measured ${times}× with the same result (${r.stageKind} and other stages)` : '',
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : undefined;
}

/** Keeps one row per model × runtime × images × AP: several stages re-measure the float model identically. */
function collapseRepeats(
  records: readonly EvaluationRecord[],
  reference: EvaluationRecord | null,
): { shown: EvaluationRecord[]; repeats: Map<number, number> } {
  const first = new Map<string, EvaluationRecord>();
  const repeats = new Map<number, number>();
  const ordered = reference ? [reference, ...records.filter((r) => r !== reference)] : records;
  for (const r of ordered) {
    const key = [r.runId, r.variant, r.label, r.runtime, r.dataset, r.modelSha256 ?? r.id, r.map].join('\u0000');
    const kept = first.get(key);
    if (kept) repeats.set(kept.id, (repeats.get(kept.id) ?? 1) + 1);
    else first.set(key, r);
  }
  return { shown: records.filter((r) => [...first.values()].includes(r)), repeats };
}

const budgetOf = (r: EvaluationRecord) =>
  typeof r.variantDetail.apBudget === 'number' ? r.variantDetail.apBudget : DEFAULT_AP_BUDGET;

export interface ApCompareProps {
  records: EvaluationRecord[];
  runIds: number[];
  runNames: Map<number, string>;
  chosen: string | null;
  onChoose(key: string): void;
  /** Per-class AP of the chosen records (and the reference). */
  curves: Map<number, EvaluationCurves>;
  chosenRecords: EvaluationRecord[];
}

/**
 * AP first: one row per variant × runtime of every run, AP@[.5:.95] with Δ against the fp32
 * reference on the same images (red beyond the budget; no Δ across datasets), readable names, n/a
 * for pycocotools' −1; the rest of the bookkeeping behind "more". Choosing a row shows its per-class AP.
 */
export function ApCompare(props: ApCompareProps): React.JSX.Element {
  const reference = pickReference(props.records, props.runIds);
  const { shown: records, repeats } = collapseRepeats(props.records, reference);
  if (records.length === 0)
    return (
      <p className="muted">
        No AP measured in these runs yet: an <code>eval</code>, <code>analyse</code> (with data), <code>rknn-eval</code>
        {' or '}
        <code>board-eval</code> stage records one.
      </p>
    );
  const delta = (r: EvaluationRecord, stat: number) =>
    reference && r.dataset === reference.dataset && r.stats[stat] >= 0 && reference.stats[stat] >= 0
      ? r.stats[stat] - reference.stats[stat]
      : null;
  return (
    <div className="ap-compare">
      <table className="data-table ap-table" aria-label="AP by variant and runtime">
        <thead>
          <tr>
            <th>Run</th>
            <th>Variant</th>
            <th>Runtime</th>
            {MAIN_STATS.map((i) => (
              <th key={i} className="num">
                {STAT_NAMES[i]}
              </th>
            ))}
            <th className="num">Δ AP50-95 vs fp32</th>
            <th className="num">Latency</th>
            <th className="num">Images</th>
            <th>Per class</th>
          </tr>
        </thead>
        <tbody>
          {records.map((r) => {
            const d = delta(r, 0);
            const over = d !== null && d < -budgetOf(r) - 1e-12;
            const otherDataset = reference !== null && r.dataset !== reference.dataset;
            return (
              <tr key={r.id} className={r === reference ? 'reference' : undefined} data-variant={r.variant}>
                <td title={props.runNames.get(r.runId)}>#{r.runId}</td>
                <td title={variantTitle(r, repeats.get(r.id) ?? 1)}>
                  {r.label}
                  {r === reference && <span className="chip baseline">reference</span>}
                </td>
                <td>{RUNTIME_NAMES[r.runtime]}</td>
                {MAIN_STATS.map((i) => (
                  <td key={i} className={`num${i === 0 && over ? ' over-budget' : ''}`}>
                    {formatAp(r.stats[i])}
                  </td>
                ))}
                <td
                  className={`num${over ? ' over-budget' : ''}`}
                  title={otherDataset ? 'measured on other images than the reference: no Δ' : `budget ${budgetOf(r)}`}
                >
                  {otherDataset ? 'other images' : formatDelta(d)}
                </td>
                <td className="num">
                  {r.latencyMs === null
                    ? '—'
                    : `${r.latencyMs.toFixed(2)} ms ${r.latencyWhere ? LATENCY_WHERE_NAMES[r.latencyWhere] : ''}`}
                </td>
                <td className="num">{r.images}</td>
                <td>
                  <input
                    type="radio"
                    name="per-class-variant"
                    aria-label={`Per-class AP of ${r.label} on ${RUNTIME_NAMES[r.runtime]}`}
                    checked={props.chosen === variantKey(r)}
                    onChange={() => props.onChoose(variantKey(r))}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <PerClassTable {...props} reference={reference} />
      <details className="more">
        <summary>more: all 12 stats, dataset, thresholds, model hashes</summary>
        <table className="data-table" aria-label="Evaluation details">
          <thead>
            <tr>
              <th>Run · variant · runtime</th>
              {STAT_NAMES.map((n) => (
                <th key={n} className="num">
                  {n}
                </th>
              ))}
              <th>Dataset</th>
              <th>Pre-processing</th>
              <th>conf / IoU / max det</th>
              <th>Model sha256</th>
            </tr>
          </thead>
          <tbody>
            {records.map((r) => (
              <tr key={r.id}>
                <td>
                  #{r.runId} {r.label} · {RUNTIME_NAMES[r.runtime]}
                </td>
                {r.stats.map((v, i) => (
                  <td key={i} className="num">
                    {formatAp(v)}
                  </td>
                ))}
                <td title={r.datasetName ?? undefined}>{r.dataset}</td>
                <td>
                  {Object.entries(r.preprocess)
                    .map(([k, v]) => `${k} ${String(v)}`)
                    .join(', ') || '—'}
                </td>
                <td>{r.conf === null ? '—' : `${r.conf} / ${r.iou} / ${r.maxDet}`}</td>
                <td className="mono">{r.modelSha256?.slice(0, 12) ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}

/** AP per class of the chosen variant in each run, beside the reference's. */
function PerClassTable(props: ApCompareProps & { reference: EvaluationRecord | null }): React.JSX.Element {
  const columns = [
    ...(props.reference && !props.chosenRecords.includes(props.reference) ? [props.reference] : []),
    ...props.chosenRecords,
  ];
  const classes = new Map<number, string>();
  for (const c of columns) for (const k of props.curves.get(c.id)?.perClass ?? []) classes.set(k.id, k.name);
  const ap = (r: EvaluationRecord, classId: number) =>
    props.curves.get(r.id)?.perClass.find((c) => c.id === classId)?.ap;
  return (
    <table className="data-table" aria-label="AP per class">
      <thead>
        <tr>
          <th>AP50-95 per class</th>
          {columns.map((r) => (
            <th key={r.id} className="num">
              #{r.runId} {r.label} · {RUNTIME_NAMES[r.runtime]}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {[...classes].map(([id, name]) => (
          <tr key={id}>
            <th scope="row">{name}</th>
            {columns.map((r) => {
              const v = ap(r, id);
              const base = props.reference && ap(props.reference, id);
              const d =
                r !== props.reference && v !== undefined && base != null && v >= 0 && base >= 0 ? v - base : null;
              return (
                <td key={r.id} className="num">
                  {formatAp(v)}
                  {d !== null && <span className={`delta ${d < -budgetOf(r) ? 'bad' : 'same'}`}>{formatDelta(d)}</span>}
                </td>
              );
            })}
          </tr>
        ))}
        {classes.size === 0 && (
          <tr>
            <td colSpan={columns.length + 1} className="muted">
              No per-class AP for this variant (the stage that measured it stored only the overall AP).
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
