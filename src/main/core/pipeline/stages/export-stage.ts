import { z } from 'zod';
import { pythonScript } from '../../workspace/resources-dir';
import { py } from '../replay-python';
import { defineStageKind } from '../stage-kind';
import { runDriverInStage, storeDriverResult } from './driver-stage';
import { resolveIn, timeoutParam } from './toolchain-stage';

/**
 * `.pt → .onnx` in the user's Python: Ultralytics when installed, else plain torch (TorchScript, pickled module, or
 * state dict + class).
 */
export const exportStage = defineStageKind({
  kind: 'export',
  title: 'Export .pt → ONNX',
  description:
    'Exports with static shapes and batch 1 (Ultralytics YOLO.export when installed; ' +
    'else torch.onnx.export of TorchScript or a state dict plus model_class).',
  params: z
    .object({
      weights: z.string().min(1),
      out: z.string().min(1),
      imgsz: z
        .union([z.number().int().positive(), z.tuple([z.number().int().positive(), z.number().int().positive()])])
        .default(640),
      opset: z.number().int().min(7).max(21).default(12),
      simplify: z.boolean().default(false),
      backend: z.enum(['auto', 'ultralytics', 'torch']).default('auto'),
      modelClass: z.string().optional(),
      classKwargs: z.record(z.string(), z.unknown()).optional(),
      timeoutSec: timeoutParam,
    })
    .strict(),
  async run(ctx, p) {
    const modelClass = p.modelClass
      ? p.modelClass.replace(/^(.*\.py)(:[^:]+)$/, (_, file: string, cls: string) => `${resolveIn(ctx, file)}${cls}`)
      : undefined;
    const outcome = await runDriverInStage(
      ctx,
      pythonScript('export_onnx.py'),
      {
        weights: resolveIn(ctx, p.weights),
        out: resolveIn(ctx, p.out),
        imgsz: p.imgsz,
        opset: p.opset,
        simplify: p.simplify,
        backend: p.backend,
        model_class: modelClass,
        class_kwargs: p.classKwargs,
      },
      (p.timeoutSec ?? 1800) * 1000,
    );
    ctx.log(
      `exported with ${String(outcome.result.exporter)}: ` +
        `inputs ${JSON.stringify(outcome.result.inputs)} outputs ${JSON.stringify(outcome.result.outputs)}`,
    );
    await storeDriverResult(ctx, outcome);
  },
  replay: (p) => [
    'import torch',
    `weights, out, imgsz = p(${py(p.weights)}), o(${py(p.out)}), ${py(p.imgsz)}`,
    'h, w = (imgsz, imgsz) if isinstance(imgsz, int) else imgsz',
    'try:',
    '    from ultralytics import YOLO',
    `    os.replace(YOLO(weights).export(format="onnx", imgsz=[h, w], opset=${py(p.opset)}, ` +
      'batch=1, dynamic=False), out)',
    'except ImportError:',
    '    try:',
    '        model = torch.jit.load(weights, map_location="cpu")',
    '    except Exception:',
    p.modelClass
      ? '        import importlib.util; ' +
        `spec = importlib.util.spec_from_file_location("m", p(${py(p.modelClass.split(':')[0])})); ` +
        'm = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)\n' +
        `        model = getattr(m, ${py(p.modelClass.split(':')[1])})(**${py(p.classKwargs ?? {})}); ` +
        'model.load_state_dict(torch.load(weights, map_location="cpu"))'
      : '        model = torch.load(weights, map_location="cpu")',
    `    torch.onnx.export(model.eval(), torch.zeros(1, 3, h, w), out, opset_version=${py(p.opset)}, ` +
      'input_names=["images"], output_names=["output0"])',
  ],
});
