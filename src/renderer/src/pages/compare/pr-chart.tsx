import { useMemo, useState } from 'react';
import { EChart } from '../../components/echart';
import type { CompareRun } from './use-compare-data';

/** Mean precision over the classes that have ground truth (-1 marks "no GT" in pycocotools' arrays). */
function curve(run: CompareRun, classId: number | 'all', iou: number): (number | null)[] {
  const pr = run.pr!;
  const classes = classId === 'all' ? pr.classes : pr.classes.filter((c) => c.id === classId);
  return pr.recall.map((_, r) => {
    const values = classes.map((c) => c.precision[iou]?.[r]).filter((v): v is number => v !== undefined && v >= 0);
    return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  });
}

/** PR curves of the compared runs for one class (or the class mean) at one IoU threshold. */
export function PrChart(props: { runs: CompareRun[]; theme: 'light' | 'dark' }): React.JSX.Element {
  const withPr = props.runs.filter((r) => r.pr);
  const classes = withPr[0]?.pr?.classes ?? [];
  const ious = withPr[0]?.pr?.iouThresholds ?? [];
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
        name: `#${r.run.id} ${r.run.name}`,
        type: 'line',
        showSymbol: false,
        data: curve(r, classId, iou).map((p, i) => [r.pr!.recall[i], p]),
      })),
    }),
    [withPr, classId, iou],
  );
  if (withPr.length === 0)
    return (
      <p className="muted">
        None of these runs has PR curves: add an <code>eval</code> stage to a run to get them.
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
