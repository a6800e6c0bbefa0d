import type { GraphView, WorkbenchApi } from '../../../../shared/contract';

const graphs = new Map<number, Promise<GraphView>>();

/**
 * A run's model graph (runs:graph reads and walks the ONNX file, ~100 ms+ for a detector), fetched once per session:
 * the model behind a run does not change. A failed fetch is not kept, so the next visit retries.
 */
export function runGraph(api: WorkbenchApi, id: number): Promise<GraphView> {
  let graph = graphs.get(id);
  if (!graph) {
    graph = api.runs.graph({ id });
    graphs.set(id, graph);
    graph.catch(() => graphs.delete(id));
  }
  return graph;
}
