import path from 'node:path';
import { type Command, Option } from 'commander';
import { cutHeadFile, SURGERY_PRESETS, type SurgeryPreset } from '../../core/onnx/head-surgery';
import type { GlobalOptions } from '../cli-context';
import { printJson } from '../output';

export function registerSurgeryCommand(program: Command, _globals: () => GlobalOptions): void {
  program
    .command('surgery')
    .description(
      'cut a YOLO ONNX head before decoding ' +
        '(rknn_model_zoo layouts: box/cls[/score_sum] per scale, YOLOv5/YOLOX per-scale tensors)',
    )
    .requiredOption('--model <file>', 'the exporter ONNX (Ultralytics, YOLOv10, YOLOv5, YOLOX; quantized forms too)')
    .addOption(
      new Option('--preset <preset>', 'output layout (auto: rknn9 for YOLOv8/11/v10, yolov5-raw, yolox-raw)')
        .choices([...SURGERY_PRESETS])
        .default('auto'),
    )
    .option('--no-sigmoid', 'leave the class sigmoid to the CPU (it loses the most under int8)')
    .requiredOption('--out <file>', 'where to write the cut model')
    .option('--json', 'print one JSON document')
    .action(async (opts: { model: string; preset: SurgeryPreset; sigmoid: boolean; out: string; json?: boolean }) => {
      const result = await cutHeadFile(path.resolve(opts.model), path.resolve(opts.out), {
        preset: opts.preset,
        sigmoid: opts.sigmoid,
      });
      if (opts.json) return printJson(result);
      const found = result.layout ? `${result.layout.exporter}, ${result.layout.numClasses} classes` : 'already cut';
      process.stdout.write(`${found}, preset ${result.preset} → ${result.out}\n`);
      for (const o of result.outputs) process.stdout.write(`  ${o.name.padEnd(12)} ${o.shape.join('×')}\n`);
    });
}
