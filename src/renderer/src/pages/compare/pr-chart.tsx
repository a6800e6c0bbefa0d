import { useMemo, useState } from 'react';
import type { EvaluationCurves, EvaluationRecord, PrCurvesData } from '../../../../shared/contract';
import { RUNTIME_NAMES } from '../../../../shared/evaluation/runtime-names';
import { EChart } from '../../components/echart';

/** Mean precision over the classes that have ground truth (-1 marks "no GT" in pycocotools' arrays). */
function curve(pr: PrCurvesData, classId: number | 'all', iou: number): (number | null)[] {
  const classes = classId === 'all' ? pr.classes : pr.classes.filter((c) => c.id === classId);
  return pr.recall.map((_, r) => {
    const values = classes.map((c) => c.precision[iou]?.[r]).filter((v): v is number => v !== undefined && v >= 0);
    return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  });
}

/**
 * PR curves of the chosen variant in each compared run (and the fp32 reference) for one class (or the
 * class mean) at one IoU threshold.
 */
export function PrChart(props: {
  records: EvaluationRecord[];
  curves: Map<number, EvaluationCurves>;
  theme: 'light' | 'dark';
}): React.JSX.Element {
  const withPr = props.records.flatMap((r) => {
    const pr = props.curves.get(r.id)?.prCurves;
    return pr ? [{ name: `#${r.runId} ${r.label} · ${RUNTIME_NAMES[r.runtime]}`, pr }] : [];
  });
  const classes = withPr[0]?.pr.classes ?? [];
  const ious = withPr[0]?.pr.iouThresholds ?? [];
  const [classId, setClassId] = useState<number | 'all'>('all');
  const [iou, setIou] = useState(0);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 40 },
      xAxis: { type: 'value', name: 'recall', nameLocation: 'middle', nameGap: 26, min: 0, max: 1 },
      yAxis: { type: 'value', name: 'precision', min: 0, max: 1 },
      series: withPr.map((r) => ({
        name: r.name,
        type: 'line',
        showSymbol: false,
        data: curve(r.pr, classId, iou).map((p, i) => [r.pr.recall[i], p]),
      })),
    }),
    [withPr, classId, iou],
  );
  if (withPr.length === 0)
    return (
      <p className="muted">
        No PR curves for the chosen variant: pick another in the AP tab, or add an <code>eval</code> stage.
      </p>
    );
  return (
    <div className="chart-panel">
      <div className="accuracy-toolbar">
        <label className="filter">
          Class
          <select
            value={String(classId)}
            onChange={(e) => setClassId(e.target.value === 'all' ? 'all' : Number(e.target.value))}
          >
            <option value="all">mean over classes</option>
            {classes.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          IoU
          <select value={iou} onChange={(e) => setIou(Number(e.target.value))}>
            {ious.map((t, i) => (
              <option key={t} value={i}>
                {t.toFixed(2)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <EChart option={option} label="Precision-recall curves" theme={props.theme} />
    </div>
  );
}
