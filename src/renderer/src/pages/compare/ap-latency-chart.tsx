import { useMemo } from 'react';
import type { EvaluationRecord, RuntimeKind } from '../../../../shared/contract';
import { formatAp, LATENCY_WHERE_NAMES, RUNTIME_NAMES } from '../../../../shared/evaluation/runtime-names';
import { EChart } from '../../components/echart';

/** Points no other point beats on both AP and latency (the Pareto front the EON Tuner shows). */
export function paretoFront(points: { x: number; y: number }[]): { x: number; y: number }[] {
  const sorted = [...points].sort((a, b) => a.x - b.x || b.y - a.y);
  const front: { x: number; y: number }[] = [];
  for (const p of sorted) if (front.length === 0 || p.y > front[front.length - 1].y) front.push(p);
  return front;
}

/** One mark per runtime, colour and shape: a board point never reads as a host one, in print or colour-blind. */
const MARKS: Record<RuntimeKind, { symbol: string; color: string }> = {
  'host-ort': { symbol: 'circle', color: '#5470c6' },
  'builtin-sim': { symbol: 'triangle', color: '#91cc75' },
  'rknn-sim': { symbol: 'diamond', color: '#fac858' },
  'rknn-board': { symbol: 'rect', color: '#ee6666' },
  'hisi-board': { symbol: 'roundRect', color: '#9a60b4' },
  tensorrt: { symbol: 'pin', color: '#3ba272' },
  imported: { symbol: 'arrow', color: '#fc8452' },
};

/**
 * AP against latency. A point is one evaluation record: its AP and the latency measured for that same
 * model, so a float AP never sits at an int8 latency; records without a latency are listed, not plotted.
 * Marks by runtime; board and host times are named on the axis and in each label.
 */
export function ApLatencyChart(props: {
  records: EvaluationRecord[];
  runNames: Map<number, string>;
  theme: 'light' | 'dark';
}): React.JSX.Element {
  const timed = props.records.filter((r) => r.latencyMs !== null && r.latencyWhere !== null);
  const untimed = props.records.filter((r) => !timed.includes(r));
  const wheres = [...new Set(timed.map((r) => LATENCY_WHERE_NAMES[r.latencyWhere!]))];
  const option = useMemo(() => {
    const point = (r: EvaluationRecord) => ({
      name: `#${r.runId} ${r.label} · ${RUNTIME_NAMES[r.runtime]}`,
      value: [r.latencyMs!, r.map],
      where: LATENCY_WHERE_NAMES[r.latencyWhere!],
    });
    const runtimes = [...new Set(timed.map((r) => r.runtime))];
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: { data: { name: string; value: [number, number]; where: string } }) =>
          `${p.data.name}<br/>${p.data.value[0].toFixed(2)} ms per image on the ${p.data.where}, ` +
          `AP50-95 ${p.data.value[1].toFixed(3)}`,
      },
      legend: { top: 0 },
      grid: { left: 56, right: 160, top: 36, bottom: 44 },
      xAxis: {
        type: 'value',
        name: `latency, ms per image (${wheres.join(' / ')})`,
        nameLocation: 'middle',
        nameGap: 28,
        scale: true,
      },
      yAxis: { type: 'value', name: 'AP50-95', scale: true },
      series: [
        ...runtimes.map((rt) => ({
          type: 'scatter',
          name: RUNTIME_NAMES[rt],
          symbol: MARKS[rt].symbol,
          symbolSize: 13,
          itemStyle: { color: MARKS[rt].color },
          data: timed.filter((r) => r.runtime === rt).map(point),
          label: {
            show: true,
            position: 'right',
            formatter: (p: { data: { name: string; where: string } }) => `${p.data.name} (${p.data.where})`,
          },
        })),
        {
          type: 'line',
          name: 'Pareto front',
          showSymbol: false,
          lineStyle: { type: 'dashed' },
          data: paretoFront(timed.map((r) => ({ x: r.latencyMs!, y: r.map }))).map((p) => [p.x, p.y]),
        },
      ],
    };
  }, [timed, wheres]);
  return (
    <div className="chart-panel">
      {timed.length === 0 ? (
        <p className="muted">
          No AP here comes with a latency of the same model: host <code>eval</code> stages time the float model; board
          and TensorRT evaluations time what they ran.
        </p>
      ) : (
        <EChart option={option} label="AP against latency" theme={props.theme} />
      )}
      <ul className="ap-latency-points" aria-label="Plotted points">
        {timed.map((r) => (
          <li key={r.id}>
            #{r.runId} {r.label} · {RUNTIME_NAMES[r.runtime]}: AP {formatAp(r.map)} at {r.latencyMs!.toFixed(2)} ms (
            {LATENCY_WHERE_NAMES[r.latencyWhere!]})
          </li>
        ))}
      </ul>
      {untimed.length > 0 && (
        <p className="muted" aria-label="Not plotted">
          Not plotted, no latency measured for that model:{' '}
          {untimed.map((r) => `#${r.runId} ${r.label} · ${RUNTIME_NAMES[r.runtime]}`).join('; ')}.
        </p>
      )}
    </div>
  );
}
