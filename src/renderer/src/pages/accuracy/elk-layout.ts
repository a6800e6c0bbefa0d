import ELK from 'elkjs/lib/elk-api.js';
import ElkWorker from 'elkjs/lib/elk-worker.min.js?worker';

export const NODE_W = 132;
export const NODE_H = 30;

// Layout runs in a same-origin worker so a 1,000-node graph never blocks the UI thread.
const elk = new ELK({ workerFactory: () => new ElkWorker() as never });

type Positions = Map<string, { x: number; y: number }>;
/** Layouts of the graphs shown this session: a revisit of Accuracy or Compare skips elk (seconds on a big model). */
const cache = new Map<string, Promise<Positions>>();
const CACHE_SIZE = 24;

/** Top-down layered layout (like Netron); returns each node's top-left position. Memoised per node/edge set. */
/** Layouts already computed, to render a revisited graph in its first frame (no await). */
const done = new Map<string, Positions>();

const keyOf = (nodes: { id: string }[], edges: { id: string }[]): string =>
  `${nodes.map((n) => n.id).join(',')}|${edges.map((e) => e.id).join(',')}`;

/** The layout of this node/edge set if it was computed before this session, else null. */
export function cachedLayout(nodes: { id: string }[], edges: { id: string }[]): Positions | null {
  return done.get(keyOf(nodes, edges)) ?? null;
}

export function layoutGraph(
  nodes: { id: string }[],
  edges: { id: string; source: string; target: string }[],
): Promise<Positions> {
  const key = keyOf(nodes, edges);
  const hit = cache.get(key);
  if (hit) return hit;
  const layout = runElk(nodes, edges);
  cache.set(key, layout);
  layout.then(
    (positions) => {
      done.set(key, positions);
      if (done.size > CACHE_SIZE) done.delete(done.keys().next().value!);
    },
    () => cache.delete(key),
  );
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return layout;
}

async function runElk(
  nodes: { id: string }[],
  edges: { id: string; source: string; target: string }[],
): Promise<Positions> {
  const result = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '28',
      'elk.spacing.nodeNode': '18',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    children: nodes.map((n) => ({ id: n.id, width: NODE_W, height: NODE_H })),
    edges: edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  });
  return new Map((result.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]));
}

/**
 * Runs elk twice on a small branching graph, uncached. elk is compiled Java: its first layouts in a fresh worker are
 * mostly JIT warm-up (the demo detector's grouped view took ≈ 0.7 s cold, ≈ 0.3 s warm on a busy 2-core machine),
 * which the idle preload takes instead of the first open of Accuracy.
 */
export async function warmUpLayout(): Promise<void> {
  const nodes = Array.from({ length: 40 }, (_, i) => ({ id: `n${i}` }));
  const edges = nodes
    .slice(1)
    .flatMap((n, i) => [
      { id: `a${i}`, source: `n${i}`, target: n.id },
      ...(i % 3 === 0 && i + 3 < nodes.length ? [{ id: `b${i}`, source: `n${i}`, target: `n${i + 3}` }] : []),
    ]);
  for (let i = 0; i < 2; i++) await runElk(nodes, edges);
}
