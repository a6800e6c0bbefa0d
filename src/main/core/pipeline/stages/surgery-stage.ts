import path from 'node:path';
import { z } from 'zod';
import { cutHeadFile, SURGERY_PRESETS } from '../../onnx/head-surgery';
import { py } from '../replay-python';
import { defineStageKind } from '../stage-kind';
import { surgeryPython } from './surgery-script';
import { resolveIn } from './toolchain-stage';

/** Cuts the YOLO head before decoding so the NPU sees convolutions only (rknn_model_zoo layout). */
export const surgeryStage = defineStageKind({
  kind: 'surgery',
  title: 'Head surgery',
  description:
    'Cuts a YOLOv8/11/v10 head to box/cls[/score_sum] per scale (rknn6, rknn9), YOLOv5/YOLOX to their per-scale ' +
    'tensors (yolov5-raw, yolox-raw; auto picks per head); decode and NMS move to the CPU. Already cut models pass.',
  params: z
    .object({
      model: z.string().min(1),
      out: z.string().min(1),
      preset: z.enum(SURGERY_PRESETS),
      sigmoid: z.boolean().default(true),
    })
    .strict(),
  async run(ctx, params) {
    const result = await cutHeadFile(resolveIn(ctx, params.model), resolveIn(ctx, params.out), {
      preset: params.preset,
      sigmoid: params.sigmoid,
    });
    const found = result.layout ? `${result.layout.exporter}, ${result.layout.numClasses} classes` : 'already cut';
    ctx.log(
      `${found}, preset ${result.preset} → ` + result.outputs.map((o) => `${o.name} ${o.shape.join('×')}`).join(', '),
    );
    const stored = await ctx.workspace.artifacts.importFile(ctx.runId, 'onnx-cut', result.out);
    ctx.log(`artifact onnx-cut: ${stored.path}`);
  },
  replay(p, ctx) {
    const cut = surgeryPython(path.resolve(ctx.baseDir, p.model), py(p.model), py(p.out), p.preset, p.sigmoid);
    if (cut) return [`# Head surgery (${p.preset}${p.sigmoid ? '' : ', no sigmoid'}), as the workbench did it`, ...cut];
    const command = `npu-workbench surgery --model ${p.model} --preset ${p.preset}${p.sigmoid ? '' : ' --no-sigmoid'}`;
    return [
      `# Head surgery (${py(p.preset)}, sigmoid=${py(p.sigmoid)}) is done by NPU Workbench: ` +
        `\`${command} --out ${p.out}\`.`,
      `assert os.path.exists(p(${py(p.out)})), "run the surgery command above first"`,
    ];
  },
});
