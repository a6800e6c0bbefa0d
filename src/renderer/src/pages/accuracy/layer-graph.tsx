import { Background, Controls, type Edge, MiniMap, type Node, ReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useState } from 'react';
import type { GraphView } from '../../../../shared/contract';
import type { LayerErrorSource } from '../../../../shared/contract/analysis-schemas';
import { layoutGraph, NODE_H, NODE_W } from './elk-layout';
import { collapseGraph } from './graph-model';
import { formatMetric, type LayerMetric, type LayerRow, severity } from './layer-rows';

export interface LayerGraphProps {
  view: GraphView;
  rows: Map<string, LayerRow>;
  source: LayerErrorSource;
  metric: LayerMetric;
  /** Second run's rows (Compare): each node shows both values. */
  overlay?: Map<string, LayerRow>;
  selectedTensor: string | null;
  onSelectTensor(tensor: string): void;
  groupDepth: number;
  theme: 'light' | 'dark';
}

/** Above this many nodes the view opens zoomed in on the top of the graph instead of fitting all of it. */
const LARGE = 300;

/** Worst value of the metric over a node's tensors (lowest cosine/SQNR, highest euclidean). */
function worst(
  tensors: string[],
  rows: Map<string, LayerRow>,
  source: LayerErrorSource,
  metric: LayerMetric,
): number | null {
  const values = tensors
    .map((t) => rows.get(t)?.by[source]?.[metric])
    .filter((v): v is number => typeof v === 'number');
  if (values.length === 0) return null;
  return metric.startsWith('euc') ? Math.max(...values) : Math.min(...values);
}

/**
 * The ONNX graph coloured by the chosen metric; module groups collapse/expand on click. Lazy-loaded (React Flow + elk).
 */
export default function LayerGraph(props: LayerGraphProps): React.JSX.Element {
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const shown = useMemo(
    () => collapseGraph(props.view, props.groupDepth, expanded),
    [props.view, props.groupDepth, expanded],
  );
  const [positions, setPositions] = useState<Map<string, { x: number; y: number }> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    layoutGraph(shown.nodes, shown.edges).then(
      (p) => live && setPositions(p),
      (e: unknown) => live && setError(String(e)),
    );
    return () => {
      live = false;
    };
  }, [shown]);

  const nodes: Node[] = useMemo(() => {
    if (!positions) return [];
    return shown.nodes.map((n) => {
      const value = worst(n.tensors, props.rows, props.source, props.metric);
      const other = props.overlay ? worst(n.tensors, props.overlay, props.source, props.metric) : undefined;
      const sev = severity(props.metric, value);
      const selected = props.selectedTensor !== null && n.tensors.includes(props.selectedTensor);
      const label = n.group ? `${n.label} (${n.group.size})` : n.label;
      return {
        id: n.id,
        position: positions.get(n.id) ?? { x: 0, y: 0 },
        // Known sizes let React Flow skip nodes off screen without measuring them first.
        width: NODE_W,
        height: NODE_H,
        data: {
          label: `${label}${value !== null ? `\n${formatMetric(props.metric, value)}` : ''}${other !== undefined ? ` | ${formatMetric(props.metric, other)}` : ''}`,
        },
        className: `graph-node sev-${sev}${n.group ? ' group' : ''}${selected ? ' selected-layer' : ''}`,
        ariaLabel: `${n.title}${value !== null ? `, ${props.metric} ${formatMetric(props.metric, value)}` : ''}`,
        draggable: false,
        connectable: false,
      };
    });
  }, [positions, shown, props.rows, props.overlay, props.source, props.metric, props.selectedTensor]);
  const topNodes = useMemo(() => {
    if (!positions) return [];
    return [...shown.nodes]
      .sort((a, b) => (positions.get(a.id)?.y ?? 0) - (positions.get(b.id)?.y ?? 0))
      .slice(0, 12)
      .map((n) => ({ id: n.id }));
  }, [positions, shown]);
  const edges: Edge[] = useMemo(() => shown.edges.map((e) => ({ ...e, focusable: false })), [shown]);

  const activate = (id: string): void => {
    const n = shown.nodes.find((s) => s.id === id);
    if (!n) return;
    if (n.group) setExpanded((prev) => (prev.has(n.group!.module) ? prev : new Set(prev).add(n.group!.module)));
    else if (n.tensors[0]) props.onSelectTensor(n.tensors[0]);
  };

  if (error) return <p className="error-banner">Graph layout failed: {error}</p>;
  if (!positions) return <p className="muted graph-loading">Laying out {shown.nodes.length} nodes…</p>;
  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      // A big graph opens on its first layers at a readable zoom (only what is on screen is rendered);
      // a small one is fitted whole.
      fitView
      fitViewOptions={shown.nodes.length > LARGE ? { nodes: topNodes, maxZoom: 1 } : { maxZoom: 1.5 }}
      minZoom={0.05}
      onlyRenderVisibleElements
      panOnScroll
      nodesConnectable={false}
      colorMode={props.theme}
      proOptions={{ hideAttribution: true }}
      onNodeClick={(_e, node) => activate(node.id)}
      // Tab reaches the nodes; Enter or Space on one acts like a click.
      onKeyDown={(e) => {
        if (e.key !== 'Enter' && e.key !== ' ') return;
        const id = (e.target as HTMLElement).closest('.react-flow__node')?.getAttribute('data-id');
        if (id) activate(id);
      }}
    >
      <Background />
      <Controls showInteractive={false} />
      <MiniMap pannable zoomable />
    </ReactFlow>
  );
}
