import path from 'node:path';
import type { Command } from 'commander';
import { type EvalResult, EvalSummarySchema, type RunConfigInput } from '../../../shared/contract';
import { writeDemoDataset } from '../../core/data/demo-dataset';
import { HEAD_KINDS } from '../../core/detect/detection-types';
import { type EvalParams, EvalParamsSchema } from '../../../shared/contract';
import { evalResultOf, runEvaluation } from '../../core/eval/run-evaluation';
import { type GlobalOptions, withApi } from '../cli-context';
import { cliFlag, runFailure, UsageError } from '../cli-errors';
import { createProgressLine, printJson, printTable } from '../output';
import { parseFloatArg, parseIntArg } from '../parse-args';
import { addPreprocessOptions, type PreprocessCliOptions, preprocessFromCli } from '../preprocess-options';
import { runToEnd } from '../run-to-end';

interface EvalCliOptions extends PreprocessCliOptions {
  model?: string;
  data?: string;
  images?: string;
  gt?: string;
  dets?: string;
  detsFormat?: string;
  imgsz?: number;
  conf?: number;
  iou?: number;
  maxDet?: number;
  head?: string;
  singleLabel?: boolean;
  saveDets?: string;
  threads?: number;
  limit?: number;
  lenient?: boolean;
  store: boolean;
  name?: string;
  json?: boolean;
  writeDemoData?: string;
  variant?: string;
  runtime?: string;
  run?: number;
}

const STAT_LINES = [
  'Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ]',
  'Average Precision  (AP) @[ IoU=0.50      | area=   all | maxDets=100 ]',
  'Average Precision  (AP) @[ IoU=0.75      | area=   all | maxDets=100 ]',
  'Average Precision  (AP) @[ IoU=0.50:0.95 | area= small | maxDets=100 ]',
  'Average Precision  (AP) @[ IoU=0.50:0.95 | area=medium | maxDets=100 ]',
  'Average Precision  (AP) @[ IoU=0.50:0.95 | area= large | maxDets=100 ]',
  'Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=  1 ]',
  'Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets= 10 ]',
  'Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ]',
  'Average Recall     (AR) @[ IoU=0.50:0.95 | area= small | maxDets=100 ]',
  'Average Recall     (AR) @[ IoU=0.50:0.95 | area=medium | maxDets=100 ]',
  'Average Recall     (AR) @[ IoU=0.50:0.95 | area= large | maxDets=100 ]',
];

/** CLI options → the one typed EvalParams: the only place eval's flags are mapped to param names. */
function toParams(o: EvalCliOptions, command: Command): EvalParams {
  const abs = (p?: string) => (p === undefined || p === 'demo' ? p : path.resolve(p));
  const parsed = EvalParamsSchema.safeParse({
    model: abs(o.model),
    data: abs(o.data),
    images: abs(o.images),
    gt: abs(o.gt),
    dets: abs(o.dets),
    detsFormat: o.detsFormat,
    preset: o.preset,
    preprocess: preprocessFromCli(o),
    imgsz: o.imgsz,
    conf: o.conf,
    iou: o.iou,
    maxDet: o.maxDet,
    head: o.head,
    multiLabel: o.singleLabel ? false : undefined,
    threads: o.threads,
    limit: o.limit,
    strict: !o.lenient,
    saveDets: abs(o.saveDets),
    variant: o.variant,
    runtime: o.runtime,
  });
  if (!parsed.success) {
    const msg = parsed.error.issues
      .map((i) => {
        const field = i.path.length ? String(i.path[0]) : null;
        return `${field ? `${cliFlag(command, field) ?? field}: ` : ''}${i.message}`;
      })
      .join('; ');
    throw new UsageError(
      `eval: ${msg}`,
      'Use --model M.onnx --data PATH, or --gt GT.json --dets DETS.json (see --help).',
    );
  }
  return parsed.data;
}

/** The stored run of an evaluation: one eval stage with the params as they are. */
function evalRunConfig(params: EvalParams, name?: string): RunConfigInput {
  const label = params.model
    ? `${path.basename(params.model)} on ${params.data === 'demo' ? 'demo' : path.basename(params.data!)}`
    : path.basename(params.dets!);
  return {
    name: name ?? `eval ${label}`,
    target: 'host',
    backend: params.model ? 'onnxruntime' : 'sim',
    tags: ['eval'],
    stages: [{ kind: 'eval', ...params }],
  };
}

function printHuman(r: EvalResult, runId: number | null): void {
  r.stats.forEach((s, i) => process.stdout.write(` ${STAT_LINES[i]} = ${s.toFixed(3)}\n`));
  process.stdout.write('\n');
  printTable(
    ['CLASS', 'ID', 'AP50-95', 'AP50'],
    r.per_class.map((c) => [c.name, c.id, c.ap < 0 ? 'n/a' : c.ap.toFixed(4), c.ap50 < 0 ? 'n/a' : c.ap50.toFixed(4)]),
  );
  process.stdout.write(
    `\n${r.images} images in ${r.seconds.toFixed(2)} s (${r.ms_per_image.toFixed(1)} ms/image)` +
      `${runId ? `; stored as run ${runId}` : ''}\n`,
  );
}

export function registerEvalCommand(program: Command, globals: () => GlobalOptions): void {
  addPreprocessOptions(program.command('eval'), 'ultralytics')
    .description('COCO AP (pycocotools-identical) of an ONNX detector on a dataset, or of a COCO results file')
    .option('--model <file>', 'ONNX model to run with onnxruntime ("demo" = the embedded demo model)')
    .option(
      '--data <path>',
      'images folder with sibling labels/, a data.yaml, or a COCO json ("demo" = the demo dataset)',
    )
    .option('--images <dir>', 'images folder for a COCO json whose images are not beside it')
    .option('--gt <file>', 'COCO instances json to score --dets against')
    .option(
      '--dets <path>',
      'results to score: a COCO results json, or a folder of HiSilicon board *_detResult.txt files',
    )
    .option('--dets-format <format>', 'coco | hisi-detresult (default: a folder of *_detResult.txt is hisi-detresult)')
    .option('--imgsz <n>', "input size (default: the model's, else 640)", (v) => parseIntArg(v, '--imgsz'))
    .option('--conf <x>', 'score threshold (default 0.001, as Ultralytics val)', (v) => parseFloatArg(v, '--conf'))
    .option('--iou <x>', 'NMS IoU threshold (default 0.7)', (v) => parseFloatArg(v, '--iou'))
    .option('--max-det <n>', 'detections per image (default 300)', (v) => parseIntArg(v, '--max-det'))
    .option(
      '--head <kind>',
      `output layout: ${HEAD_KINDS.join(' | ')} (default: the one the output shapes fit; a layout that fits none ` +
        'is refused)',
    )
    .option('--single-label', 'one class per box in NMS (default: multi-label, as Ultralytics val)')
    .option('--save-dets <file>', 'write the detections as a COCO results json')
    .option('--threads <n>', 'onnxruntime threads', (v) => parseIntArg(v, '--threads'))
    .option('--limit <n>', 'evaluate only the first N images', (v) => parseIntArg(v, '--limit'))
    .option('--lenient', 'skip malformed label lines and unreadable images with a warning instead of stopping')
    .option('--variant <name>', 'what was scored, for the AP ledger: fp32, fp16, w8a8, w8a16, int16, hybrid, …')
    .option(
      '--runtime <kind>',
      'where it ran: host-ort, builtin-sim, rknn-sim, rknn-board, hisi-board, tensorrt, imported (results files)',
    )
    .option('--run <id>', 'attach the AP to this existing run (e.g. an .om scored from board outputs)', (v) =>
      parseIntArg(v, '--run'),
    )
    .option('--no-store', 'do not store the result as a run in the workspace')
    .option('--name <name>', 'name of the stored run')
    .option('--write-demo-data <dir>', 'write the synthetic demo dataset into DIR and exit')
    .option('--json', 'print one JSON document')
    .action(async (opts: EvalCliOptions, command: Command) => {
      if (opts.writeDemoData) {
        await writeDemoDataset(path.resolve(opts.writeDemoData));
        process.stdout.write(`Demo dataset written to ${path.resolve(opts.writeDemoData)}\n`);
        return;
      }
      const params = toParams(opts, command);
      let result: EvalResult;
      let runId: number | null = null;
      if (opts.run !== undefined) {
        const id = opts.run;
        result = await withApi(globals(), (api) => api.eval.attach({ id, params, baseDir: process.cwd() }));
        runId = id;
      } else if (!opts.store) {
        const bar = createProgressLine();
        const report = await runEvaluation(params, {
          baseDir: process.cwd(),
          onProgress: (d, t) => bar.update('eval', d, t),
        });
        bar.done();
        result = evalResultOf(report);
      } else {
        result = await withApi(globals(), async (api) => {
          const config = evalRunConfig(params, opts.name);
          const run = await runToEnd(
            api,
            () => api.runs.create({ config, start: true, baseDir: process.cwd() }),
            () => 'eval',
          );
          runId = run.id;
          if (run.status !== 'succeeded') throw runFailure(run);
          return api.eval.result({ id: run.id });
        });
      }
      for (const w of result.warnings ?? []) process.stderr.write(`warning: ${w}\n`);
      if (opts.json) return printJson(EvalSummarySchema.parse(result));
      printHuman(result, runId);
    });
}
