import { useMemo } from 'react';
import { EChart } from '../../components/echart';
import { apOf, type CompareRun, latencyOf } from './use-compare-data';

/** Runs no other run beats on both AP and latency (the Pareto front the EON Tuner shows). */
export function paretoFront(points: { x: number; y: number }[]): { x: number; y: number }[] {
  const sorted = [...points].sort((a, b) => a.x - b.x || b.y - a.y);
  const front: { x: number; y: number }[] = [];
  for (const p of sorted) if (front.length === 0 || p.y > front[front.length - 1].y) front.push(p);
  return front;
}

/** AP against latency for the compared runs, with the Pareto front. */
export function ApLatencyChart(props: { runs: CompareRun[]; theme: 'light' | 'dark' }): React.JSX.Element {
  const points = props.runs.flatMap((r) => {
    const ap = apOf(r.run);
    const lat = latencyOf(r.run);
    return ap !== undefined && lat ? [{ x: lat.value, y: ap, name: `#${r.run.id} ${r.run.name}`, key: lat.key }] : [];
  });
  const option = useMemo(
    () => ({
      tooltip: {
        trigger: 'item',
        formatter: (p: { data: { name: string; value: [number, number] } }) =>
          `${p.data.name}<br/>${p.data.value[0].toFixed(2)} ms, mAP ${p.data.value[1].toFixed(3)}`,
      },
      grid: { left: 56, right: 140, top: 24, bottom: 44 },
      xAxis: {
        type: 'value',
        name: `latency ms (${[...new Set(points.map((p) => p.key))].join(', ')})`,
        nameLocation: 'middle',
        nameGap: 28,
        scale: true,
      },
      yAxis: { type: 'value', name: 'mAP50-95', scale: true },
      series: [
        {
          type: 'scatter',
          symbolSize: 12,
          data: points.map((p) => ({ name: p.name, value: [p.x, p.y] })),
          label: { show: true, position: 'right', formatter: (p: { data: { name: string } }) => p.data.name },
        },
        {
          type: 'line',
          name: 'Pareto front',
          showSymbol: false,
          lineStyle: { type: 'dashed' },
          data: paretoFront(points).map((p) => [p.x, p.y]),
        },
      ],
    }),
    [points],
  );
  if (points.length === 0)
    return (
      <p className="muted">
        No run here has both an AP and a latency: add an <code>eval</code> stage and a board benchmark stage.
      </p>
    );
  return (
    <div className="chart-panel">
      <EChart option={option} label="AP against latency" theme={props.theme} />
    </div>
  );
}
