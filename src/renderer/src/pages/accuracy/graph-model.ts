import type { GraphView } from '../../../../shared/contract';

export interface ShownNode {
  id: string;
  label: string;
  title: string;
  /** Tensors this node (or group) produces, to look up their errors. */
  tensors: string[];
  group: { module: string; size: number } | null;
}

/** Flat graphs above this many nodes open grouped by module (a 230-node detector fitted whole is unreadable). */
const GROUP_ABOVE = 80;

/** The grouping a graph view opens with: flat when small, top-level modules otherwise. */
export function defaultGroupDepth(view: GraphView): number {
  return view.nodes.length > GROUP_ABOVE ? 1 : 0;
}

/** The module paths enclosing `module`, outermost first, down to `depth` levels ("/a/b/c", 2 → ["/a", "/a/b"]). */
export function ancestorModules(module: string | null, depth: number): string[] {
  const parts = (module ?? '').split('/').filter(Boolean).slice(0, Math.max(depth, 0));
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}`);
}

/**
 * Collapses nodes into module groups nested `depth` levels deep: a node shows in its outermost enclosing module that
 * is not in `expanded` (itself when all are), so a 1,000-node detector reads as its ~25 blocks, and opening one shows
 * its sub-modules as groups in turn. Edges between groups are merged.
 */
export function collapseGraph(
  view: GraphView,
  depth: number,
  expanded: ReadonlySet<string>,
): { nodes: ShownNode[]; edges: { id: string; source: string; target: string }[] } {
  const owner = new Map<string, string>();
  const nodes = new Map<string, ShownNode>();
  for (const n of view.nodes) {
    const module = ancestorModules(n.module, depth).find((m) => !expanded.has(m));
    if (module) {
      const id = `group:${module}`;
      owner.set(n.id, id);
      const group = nodes.get(id) ?? { id, label: module, title: module, tensors: [], group: { module, size: 0 } };
      group.tensors.push(...n.outputs);
      group.group!.size++;
      nodes.set(id, group);
    } else {
      owner.set(n.id, n.id);
      nodes.set(n.id, { id: n.id, label: n.opType, title: n.name, tensors: n.outputs, group: null });
    }
  }
  const edges = new Map<string, { id: string; source: string; target: string }>();
  for (const e of view.edges) {
    const source = owner.get(e.source)!;
    const target = owner.get(e.target)!;
    if (source === target) continue;
    const id = `${source}->${target}`;
    edges.set(id, { id, source, target });
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/** The tensor a table row names: a Concat input slice row ("output0[1:/detect/Sigmoid_output_0]") is "output0". */
export function baseTensor(tensor: string): string {
  const i = tensor.indexOf('[');
  return i > 0 && tensor.endsWith(']') ? tensor.slice(0, i) : tensor;
}

/** Node id producing each tensor (graph inputs included), to find a table row's node. */
export function producers(view: GraphView): Map<string, GraphView['nodes'][number]> {
  const map = new Map<string, GraphView['nodes'][number]>();
  for (const n of view.nodes) for (const t of n.outputs) map.set(t, n);
  return map;
}
