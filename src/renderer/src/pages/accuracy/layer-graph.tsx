import { Background, Controls, type Edge, MiniMap, type Node, ReactFlow, type ReactFlowInstance } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { GraphView } from '../../../../shared/contract';
import type { LayerErrorSource } from '../../../../shared/contract/analysis-schemas';
import { cachedLayout, layoutGraph, NODE_H, NODE_W } from './elk-layout';
import { ancestorModules, baseTensor, collapseGraph, producers } from './graph-model';
import { formatMetric, type LayerMetric, type LayerRow } from './layer-rows';
import { lowerIsWorse, type SeverityScale } from './severity-scale';

export interface LayerGraphProps {
  view: GraphView;
  rows: Map<string, LayerRow>;
  source: LayerErrorSource;
  metric: LayerMetric;
  /** Colours of the metric relative to this model (the page's legend shows the same scale). */
  scale: SeverityScale;
  /** Second run's rows (Compare): each node shows both values. */
  overlay?: Map<string, LayerRow>;
  selected: string | null;
  onSelect(tensor: string): void;
  groupDepth: number;
  theme: 'light' | 'dark';
  showMiniMap?: boolean;
}

/** Below this zoom node labels are unreadable: a fit shows the graph's first layers instead of all of it. */
const LEGIBLE_ZOOM = 0.75;
const FIT_PADDING = 0.06;

/** The top-most nodes whose bounding box fits a `width`×`height` frame at a legible zoom (all when they fit). */
function legibleTop(
  ids: string[],
  positions: Map<string, { x: number; y: number }>,
  width: number,
  height: number,
): { id: string }[] {
  const sorted = ids.map((id) => ({ id, p: positions.get(id) ?? { x: 0, y: 0 } })).sort((a, b) => a.p.y - b.p.y);
  let minX = Infinity;
  let maxX = -Infinity;
  const out: { id: string }[] = [];
  for (const n of sorted) {
    const left = Math.min(minX, n.p.x);
    const right = Math.max(maxX, n.p.x + NODE_W);
    const tall = n.p.y + NODE_H - sorted[0].p.y;
    if (out.length > 0 && ((right - left) * LEGIBLE_ZOOM > width || tall * LEGIBLE_ZOOM > height)) break;
    minX = left;
    maxX = right;
    out.push({ id: n.id });
  }
  return out;
}

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
  return lowerIsWorse(metric) ? Math.min(...values) : Math.max(...values);
}

/**
 * The ONNX graph coloured by the chosen metric; module groups collapse/expand on click. Selecting a layer elsewhere
 * (table, worst-layers list) expands its group and centres its node. Lazy-loaded (React Flow + elk).
 */
export default function LayerGraph(props: LayerGraphProps): React.JSX.Element {
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const byTensor = useMemo(() => producers(props.view), [props.view]);
  // Error rows of a tensor keyed by its producing node's outputs, Concat slices included (they belong to the Concat).
  const rowTensors = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const tensor of props.rows.keys()) {
      const base = baseTensor(tensor);
      map.set(base, [...(map.get(base) ?? []), tensor]);
    }
    return map;
  }, [props.rows]);
  const selectedNode = props.selected ? byTensor.get(baseTensor(props.selected)) : undefined;
  // Revealing the selected layer opens every group around it (a group nested in a collapsed one stays hidden).
  const selectedModules = ancestorModules(selectedNode?.module ?? null, props.groupDepth).join('\n');
  useEffect(() => {
    const open = selectedModules ? selectedModules.split('\n') : [];
    setExpanded((prev) => (open.every((m) => prev.has(m)) ? prev : new Set([...prev, ...open])));
  }, [selectedModules]);
  const shown = useMemo(
    () => collapseGraph(props.view, props.groupDepth, expanded),
    [props.view, props.groupDepth, expanded],
  );
  const [layout, setLayout] = useState<{ of: typeof shown; positions: Map<string, { x: number; y: number }> } | null>(
    () => {
      const positions = cachedLayout(shown.nodes, shown.edges);
      return positions && { of: shown, positions };
    },
  );
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (layout?.of === shown) return;
    let live = true;
    layoutGraph(shown.nodes, shown.edges).then(
      (positions) => live && setLayout({ of: shown, positions }),
      (e: unknown) => live && setError(String(e)),
    );
    return () => {
      live = false;
    };
  }, [shown]);
  const positions = layout?.positions ?? null;

  const nodes: Node[] = useMemo(() => {
    if (!layout) return [];
    return layout.of.nodes.map((n) => {
      const tensors = n.tensors.flatMap((t) => rowTensors.get(t) ?? [t]);
      const value = worst(tensors, props.rows, props.source, props.metric);
      const other = props.overlay ? worst(tensors, props.overlay, props.source, props.metric) : undefined;
      const sev = props.scale.classify(value);
      const selected =
        selectedNode !== undefined && (n.id === selectedNode.id || n.tensors.includes(selectedNode.outputs[0]));
      const label = n.group ? `${n.label} (${n.group.size})` : n.label;
      return {
        id: n.id,
        position: layout.positions.get(n.id) ?? { x: 0, y: 0 },
        // Known sizes let React Flow skip nodes off screen without measuring them first.
        width: NODE_W,
        height: NODE_H,
        data: {
          label:
            label +
            (value !== null ? `\n${formatMetric(props.metric, value)}` : '') +
            (other !== undefined ? ` | ${formatMetric(props.metric, other)}` : ''),
        },
        className: `graph-node sev-${sev}${n.group ? ' group' : ''}${selected ? ' selected-layer' : ''}`,
        ariaLabel: `${n.title}${value !== null ? `, ${props.metric} ${formatMetric(props.metric, value)}` : ''}`,
        draggable: false,
        connectable: false,
      };
    });
  }, [layout, rowTensors, props.rows, props.overlay, props.source, props.metric, props.scale, selectedNode]);
  const edges: Edge[] = useMemo(
    () => (layout ? layout.of.edges.map((e) => ({ ...e, focusable: false })) : []),
    [layout],
  );

  // Every new layout is framed (a group change used to leave the pane blank until Fit View): on the selected node if
  // there is one, else on as much of the graph from the top as fits at a legible zoom.
  const flow = useRef<ReactFlowInstance | null>(null);
  const frame = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  const framed = useRef<{ layout: unknown; node: string | undefined }>({ layout: null, node: undefined });
  useEffect(() => {
    const instance = flow.current;
    if (!ready || !instance || !layout) return;
    const target = selectedNode && layout.positions.has(selectedNode.id) ? selectedNode.id : undefined;
    if (framed.current.layout === layout && framed.current.node === target) return;
    const sameLayout = framed.current.layout === layout;
    framed.current = { layout, node: target };
    if (target) {
      const p = layout.positions.get(target)!;
      void instance.setCenter(p.x + NODE_W / 2, p.y + NODE_H / 2, { zoom: Math.max(instance.getZoom(), 1) });
    } else if (!sameLayout) {
      const ids = layout.of.nodes.map((n) => n.id);
      const box = frame.current;
      // fitView pads the box by `padding` on each side: the room for nodes is that much smaller.
      const room = 1 - 2 * FIT_PADDING;
      const top = legibleTop(
        ids,
        layout.positions,
        (box?.clientWidth ?? 600) * room,
        (box?.clientHeight ?? 600) * room,
      );
      void instance.fitView({ nodes: top, maxZoom: top.length === ids.length ? 1.5 : 1, padding: FIT_PADDING });
    }
  }, [ready, layout, selectedNode, nodes]);

  const activate = (id: string): void => {
    const n = shown.nodes.find((s) => s.id === id);
    if (!n) return;
    if (n.group) setExpanded((prev) => (prev.has(n.group!.module) ? prev : new Set(prev).add(n.group!.module)));
    else if (n.tensors[0]) {
      // A Concat's rows may be its input slices ("output0[1:…]"): the node selects the worst of them.
      const rows = n.tensors.flatMap((t) => rowTensors.get(t) ?? []);
      props.onSelect(worstRow(rows, props.rows, props.source, props.metric) ?? n.tensors[0]);
    }
  };

  if (error) return <p className="error-banner">Graph layout failed: {error}</p>;
  if (!positions) return <p className="muted graph-loading">Laying out {shown.nodes.length} nodes…</p>;
  return (
    <ReactFlow
      ref={frame}
      nodes={nodes}
      edges={edges}
      onInit={(instance) => {
        flow.current = instance;
        setReady(true);
      }}
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
      {props.showMiniMap && <MiniMap pannable zoomable position="top-right" style={{ width: 120, height: 90 }} />}
    </ReactFlow>
  );
}

/** The row among `tensors` with the worst value of the metric (first one when none has a value). */
function worstRow(
  tensors: string[],
  rows: Map<string, LayerRow>,
  source: LayerErrorSource,
  metric: LayerMetric,
): string | undefined {
  let best: { tensor: string; value: number } | undefined;
  for (const tensor of tensors) {
    const value = rows.get(tensor)?.by[source]?.[metric];
    if (typeof value !== 'number') continue;
    if (!best || (lowerIsWorse(metric) ? value < best.value : value > best.value)) best = { tensor, value };
  }
  return best?.tensor ?? tensors[0];
}
