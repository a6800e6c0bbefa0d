// Contract output checks: what the dispatcher's zod check of a result costs (it runs in every build), against
// serialising the same payload to JSON, which every IPC/HTTP answer pays anyway.
import { invokeContract } from '../src/shared/contract';
import type { BenchCase } from './run-bench';

const runRow = (i: number) => ({
  id: i + 1,
  name: `run ${i}`,
  target: 'rk3588',
  backend: 'rknn',
  status: 'succeeded',
  tags: ['int8', 'yolov8'],
  archived: false,
  parentRunId: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  startedAt: '2026-01-01T00:00:01.000Z',
  finishedAt: '2026-01-01T00:01:00.000Z',
  error: null,
  metrics: { map: 0.5, map50: 0.7, latency_ms: 3.1 },
});

const graph = (nodes: number) => ({
  nodes: Array.from({ length: nodes }, (_, i) => ({
    id: `n${i}`,
    name: `/model.${i}/conv/Conv`,
    opType: 'Conv',
    outputs: [`/model.${i}/conv/Conv_output_0`],
    module: `model.${i}`,
  })),
  edges: Array.from({ length: nodes * 1.2 }, (_, i) => ({
    source: `n${i % nodes}`,
    target: `n${(i + 1) % nodes}`,
    tensor: `/model.${i % nodes}/conv/Conv_output_0`,
  })),
});

function perCall(f: () => unknown, calls = 50): number {
  for (let i = 0; i < 5; i++) f();
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) f();
  return (performance.now() - t0) / calls;
}

function checkCase(name: string, channel: 'runs:list' | 'runs:graph', payload: unknown): BenchCase {
  const schema = invokeContract[channel].output;
  const ms = perCall(() => {
    if (!schema.safeParse(payload).success) throw new Error(`${channel}: bench payload breaks the contract`);
  });
  return {
    name,
    baseline: { label: 'JSON.stringify of the same payload', ms: perCall(() => JSON.stringify(payload)) },
    ms,
  };
}

export default async function contractBench(): Promise<BenchCase[]> {
  const page = (rows: number) => ({ rows: Array.from({ length: rows }, (_, i) => runRow(i)), total: 20000 });
  return [
    checkCase('output check runs:list, one 200-row page (the runs table)', 'runs:list', page(200)),
    checkCase('output check runs:list, 20,000 rows (the largest page allowed)', 'runs:list', page(20000)),
    checkCase('output check runs:graph, 5,000 nodes', 'runs:graph', graph(5000)),
  ];
}
