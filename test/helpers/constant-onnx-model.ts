import { encodeOnnx, float32Tensor, type OnnxModel, TensorDataType } from '../../src/main/core/onnx/onnx-model';

/**
 * An ONNX model that returns fixed output tensors whatever the image (out = const + 0·max(images)),
 * so a decoder test can plant known boxes in any head layout and run them through onnxruntime.
 */
export function constantOutputModel(
  inputSize: number,
  outputs: { name: string; dims: number[]; data: Float32Array }[],
): Uint8Array {
  const vi = (name: string, dims: number[]) => ({
    name,
    type: { tensorType: { elemType: TensorDataType.FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } } },
  });
  const model: OnnxModel = {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'npu-workbench-test',
    graph: {
      name: 'constant',
      node: [
        { opType: 'ReduceMax', input: ['images'], output: ['mx'], attribute: [{ name: 'keepdims', type: 2, i: 0 }] },
        { opType: 'Mul', input: ['mx', 'zero'], output: ['z'] },
        ...outputs.map((o) => ({ opType: 'Add', input: [`${o.name}_const`, 'z'], output: [o.name] })),
      ],
      initializer: [
        float32Tensor('zero', [], new Float32Array([0])),
        ...outputs.map((o) => float32Tensor(`${o.name}_const`, o.dims, o.data)),
      ],
      input: [vi('images', [1, 3, inputSize, inputSize])],
      output: outputs.map((o) => vi(o.name, o.dims)),
      valueInfo: [],
    },
  };
  return encodeOnnx(model);
}
