import path from 'node:path';
import { calibrationList, py } from '../../pipeline/replay-python';
import type { ReplayContext } from '../../pipeline/stage-kind';
import type { RknnOptions } from './rknn-backend';

/** rknn-toolkit2 API calls that redo the rknn stages in `runs export-script`. */

type Source = RknnOptions & { model: string };

function rknnSource(p: Source, images: string[] | null): string[] {
  const build = { do_quantization: true, ...p.build };
  return [
    `rknn = RKNN(verbose=True)`,
    `rknn.config(**${py(p.config)})`,
    `check(rknn.load_onnx(model=p(${py(p.model)})), "load_onnx")`,
    images
      ? `dataset = write_list("dataset.txt", ${py(images)})`
      : `dataset = p("dataset.txt")  # list the calibration images here, one path per line`,
    `check(rknn.build(dataset=dataset, **${py(build)}), "build")`,
  ];
}

export function replayConvert(p: Source & { out: string }, ctx: ReplayContext): string[] {
  return [
    'from rknn.api import RKNN',
    ...rknnSource(p, calibrationList(ctx.workDir('rknn'), 'dataset.txt')),
    `check(rknn.export_rknn(o(${py(p.out)})), "export_rknn")`,
    'rknn.release()',
  ];
}

export function replayAccuracy(
  p: Source & { target?: string; deviceId?: string },
  ctx: ReplayContext,
  kind: string,
): string[] {
  const dir = ctx.workDir(kind);
  return [
    'from rknn.api import RKNN',
    ...rknnSource(p, calibrationList(dir, 'dataset.txt')),
    `check(rknn.accuracy_analysis(inputs=${py(calibrationList(dir, 'analysis_inputs.txt') ?? [])}, ` +
      `output_dir="snapshot-${ctx.index + 1}", target=${py(p.target ?? null)}, device_id=${py(p.deviceId ?? null)}), ` +
      '"accuracy_analysis")',
    'rknn.release()',
  ];
}

export function replayHybrid(
  p: Source & { out: string; layers: Record<string, string> },
  ctx: ReplayContext,
  kind: string,
): string[] {
  const dir = ctx.workDir(kind);
  const stem = path.basename(p.model).replace(/\.onnx$/, '');
  const layers = Object.entries(p.layers)
    .map(([k, v]) => `    ${k}: ${v}`)
    .join('\\n');
  const list = calibrationList(dir, 'dataset.txt');
  return [
    'from rknn.api import RKNN',
    'rknn = RKNN(verbose=True)',
    `rknn.config(**${py(p.config)})`,
    `check(rknn.load_onnx(model=p(${py(p.model)})), "load_onnx")`,
    list ? `dataset = write_list("dataset.txt", ${py(list)})` : 'dataset = p("dataset.txt")',
    'check(rknn.hybrid_quantization_step1(dataset=dataset), "hybrid_quantization_step1")',
    'rknn.release()',
    '# Edit only the custom_quantize_layers block, as text: re-dumping the YAML changes the floats.',
    `cfg = open("${stem}.quantization.cfg").read()` +
      `.replace("custom_quantize_layers: {}", "custom_quantize_layers:\\n${layers}", 1)`,
    `open("${stem}.quantization.cfg", "w").write(cfg)`,
    'rknn = RKNN(verbose=True)',
    `rknn.config(**${py(p.config)})`,
    `check(rknn.hybrid_quantization_step2(model_input="${stem}.model", data_input="${stem}.data", ` +
      `model_quantization_cfg="${stem}.quantization.cfg"), "hybrid_quantization_step2")`,
    `check(rknn.export_rknn(o(${py(p.out)})), "export_rknn")`,
    `check(rknn.accuracy_analysis(inputs=${py(calibrationList(dir, 'analysis_inputs.txt') ?? [])}, ` +
      `output_dir="snapshot-${ctx.index + 1}"), "accuracy_analysis")`,
    'rknn.release()',
  ];
}

export function replayBoard(p: {
  model: string;
  target: string;
  deviceId?: string;
  coreMask?: string;
  perfDebug: boolean;
  memory: boolean;
}): string[] {
  const coreMask = p.coreMask ? `, core_mask=RKNN.${p.coreMask}` : '';
  return [
    'from rknn.api import RKNN',
    'rknn = RKNN(verbose=True)',
    `check(rknn.load_rknn(p(${py(p.model)})), "load_rknn")`,
    `check(rknn.init_runtime(target=${py(p.target)}, device_id=${py(p.deviceId ?? null)}, ` +
      `perf_debug=${py(p.perfDebug)}, eval_mem=${py(p.memory)}${coreMask}), "init_runtime")`,
    'print(rknn.eval_perf())',
    ...(p.memory ? ['print(rknn.eval_memory())'] : []),
    'rknn.release()',
  ];
}
