import { existsSync } from 'node:fs';
import { detectHeadLayout } from '../../onnx/head-layout';
import { isAlreadyCut, resolvePreset, type SurgeryPreset } from '../../onnx/head-surgery';
import { loadOnnx, opsetVersion } from '../../onnx/onnx-model';

/**
 * Python (onnx package only) that redoes `surgery` on `modelFile`: the head tensors the workbench found are
 * written into the script, `onnx.utils.extract_model` cuts there, and Identity/Sigmoid/ReduceSum/Clip nodes
 * give the outputs their names — numerically the same model as the workbench's cut. A model already in the
 * rknn_model_zoo layout is copied, as surgery passed it through. Null when the model is gone.
 */
export function surgeryPython(
  modelFile: string,
  modelExpr: string,
  outExpr: string,
  preset: string,
  sigmoid: boolean,
): string[] | null {
  if (!existsSync(modelFile)) return null;
  const model = loadOnnx(modelFile);
  if (isAlreadyCut(model) && (preset === 'auto' || preset.startsWith('rknn')))
    return [
      `# ${modelExpr} is already cut (rknn_model_zoo layout, ${model.graph.output.length} outputs): it passes through`,
      'import shutil',
      `shutil.copyfile(p(${modelExpr}), o(${outExpr}))`,
    ];
  const layout = detectHeadLayout(model, modelFile);
  const opset = opsetVersion(model);
  const heads: [string, string, 'raw' | 'box' | 'cls'][] = [];
  if (layout.kind !== 'yolov8') layout.scales.forEach((s, i) => heads.push([`raw_${i}`, s.raw, 'raw']));
  else layout.scales.forEach((s, i) => heads.push([`box_${i}`, s.box, 'box'], [`cls_${i}`, s.cls, 'cls']));
  const clsOp = sigmoid ? '"Sigmoid" if role == "cls" else "Identity"' : '"Identity"';
  const lines = [
    'import onnx',
    'from onnx import TensorProto, helper',
    `src = onnx.load(p(${modelExpr}))`,
    'inputs = [i.name for i in src.graph.input if i.name not in {t.name for t in src.graph.initializer}]',
    `heads = ${JSON.stringify(heads)}  # (output, tensor in the original graph, role)`,
    `out = o(${outExpr})`,
    // No checker inside extract_model: onnx ≤ 1.12 refuses a head tensor whose shape inference cannot give
    // ("Field 'shape' of 'type' is required"); the outputs are typed below.
    `onnx.utils.extract_model(p(${modelExpr}), out, inputs, [t for _, t, _ in heads], check_model=False)`,
    'm = onnx.load(out)',
    'nodes, outputs = [], []',
    'for name, tensor, role in heads:',
    `    nodes.append(helper.make_node(${clsOp}, [tensor], [name]))`,
    '    outputs.append(name)',
  ];
  if (resolvePreset(layout, preset as SurgeryPreset) === 'rknn9') {
    lines.push(
      '    if role == "cls":',
      '        i = name.split("_")[1]',
      opset >= 13
        ? '        m.graph.initializer.append(helper.make_tensor(f"axes_{i}", TensorProto.INT64, [1], [1])); ' +
            'nodes.append(helper.make_node("ReduceSum", [name, f"axes_{i}"], [f"sum_{i}"], keepdims=1))'
        : '        nodes.append(helper.make_node("ReduceSum", [name], [f"sum_{i}"], axes=[1], keepdims=1))',
      opset >= 11
        ? '        m.graph.initializer.extend([helper.make_tensor(f"zero_{i}", TensorProto.FLOAT, [], [0.0]), ' +
            'helper.make_tensor(f"one_{i}", TensorProto.FLOAT, [], [1.0])]); ' +
            'nodes.append(helper.make_node("Clip", [f"sum_{i}", f"zero_{i}", f"one_{i}"], [f"score_sum_{i}"]))'
        : '        nodes.append(helper.make_node("Clip", [f"sum_{i}"], [f"score_sum_{i}"], min=0.0, max=1.0))',
      '        outputs.append(f"score_sum_{i}")',
    );
  }
  lines.push(
    'm.graph.node.extend(nodes)',
    // Outputs typed from shape inference: the new tensors are inferred as intermediates, then their value_info
    // becomes the graph outputs (a vendor loader that runs the onnx checker wants typed outputs).
    'del m.graph.output[:]',
    'm = onnx.shape_inference.infer_shapes(m)',
    'typed = {v.name: v for v in m.graph.value_info}',
    'm.graph.output.extend(typed[n] if n in typed else helper.make_tensor_value_info(n, TensorProto.FLOAT, []) ' +
      'for n in outputs)',
    'kept = [v for v in m.graph.value_info if v.name not in outputs]',
    'del m.graph.value_info[:]',
    'm.graph.value_info.extend(kept)',
    'onnx.save(m, out)',
  );
  return lines;
}
