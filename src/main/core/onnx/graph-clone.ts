import type { OnnxModel } from './onnx-model';

/**
 * A copy whose graph lists and nodes can be edited freely while the (large) initializer tensors
 * are shared. structuredClone is avoided on purpose: each rawData is a view into the whole file
 * buffer, and cloning a view copies the entire buffer once per initializer.
 */
export function cloneForEdit(model: OnnxModel): OnnxModel {
  const g = model.graph;
  return {
    ...model,
    opsetImport: (model.opsetImport ?? []).map((o) => ({ ...o })),
    graph: {
      ...g,
      node: g.node.map((n) => ({ ...n, input: [...n.input], output: [...n.output] })),
      initializer: [...g.initializer],
      input: [...g.input],
      output: [...g.output],
      valueInfo: [...g.valueInfo],
    },
  };
}

/** Adds name-only graph outputs (ORT infers their types) so a session returns those tensors too. */
export function withExtraOutputs(model: OnnxModel, tensors: Iterable<string>): OnnxModel {
  const copy = cloneForEdit(model);
  const present = new Set(copy.graph.output.map((o) => o.name));
  for (const t of tensors) {
    if (present.has(t)) continue;
    present.add(t);
    copy.graph.output.push({ name: t });
  }
  return copy;
}
