import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { parse } from 'yaml';
import type { RunConfigInput, RunDetail } from '../../../shared/contract';
import { UserError } from '../../core/errors/user-error';
import { type GlobalOptions, withApi } from '../cli-context';
import { parseIntArg } from '../parse-args';
import { runToEnd } from '../run-to-end';
import { report } from './runs-pipeline-command';

/** One-stage runs from flags: stored like any run, so `runs show/rerun/export-script` work on them. */
function runSingleStage(globals: GlobalOptions, config: RunConfigInput): Promise<RunDetail> {
  return withApi(globals, (api) =>
    runToEnd(api, () => api.runs.create({ config, start: true, baseDir: process.cwd() })),
  );
}

function reportWithArtifacts(run: RunDetail, json?: boolean): void {
  report(run, json);
  if (!json) for (const a of run.artifacts) process.stdout.write(`  ${a.kind}: ${a.path}\n`);
}

function readOptions(file: string | undefined): Record<string, unknown> {
  if (!file) return {};
  let value: unknown;
  try {
    value = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserError(
      `Cannot read backend options ${file}: ${(error as Error).message.split('\n')[0]}`,
      'Give a YAML/JSON file with the option blocks (rknn: config:/build:, atc: flags:, trt: flags:).',
      'invalid_input',
    );
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw new UserError(
      `${file}: the options must be a mapping (config:, build:, flags: …)`,
      undefined,
      'invalid_input',
    );
  return value as Record<string, unknown>;
}

export function registerConvertCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('export')
    .description('export a PyTorch .pt to ONNX (static shapes, batch 1) as a stored run')
    .requiredOption(
      '--weights <file>',
      '.pt: Ultralytics checkpoint (with ultralytics installed), TorchScript, or a state dict',
    )
    .requiredOption('--out <file>', 'ONNX to write')
    .option('--imgsz <n>', 'input size', (v) => parseIntArg(v, '--imgsz'), 640)
    .option('--opset <n>', 'ONNX opset', (v) => parseIntArg(v, '--opset'), 12)
    .option('--model-class <file.py:Class>', 'class that rebuilds the network for a state dict')
    .option('--class-kwargs <json>', 'keyword arguments for --model-class, as JSON')
    .addOption(new Option('--backend <backend>', 'exporter').choices(['auto', 'ultralytics', 'torch']).default('auto'))
    .option('--json', 'print the finished run as one JSON document')
    .action(
      async (o: {
        weights: string;
        out: string;
        imgsz: number;
        opset: number;
        modelClass?: string;
        classKwargs?: string;
        backend: string;
        json?: boolean;
      }) => {
        let classKwargs: unknown;
        try {
          classKwargs = o.classKwargs ? JSON.parse(o.classKwargs) : undefined;
        } catch {
          throw new UserError(
            `--class-kwargs is not valid JSON: ${o.classKwargs}`,
            'Example: --class-kwargs \'{"nc": 80}\'',
            'invalid_input',
          );
        }
        const stage = {
          kind: 'export',
          weights: path.resolve(o.weights),
          out: path.resolve(o.out),
          imgsz: o.imgsz,
          opset: o.opset,
          backend: o.backend,
          ...(o.modelClass && { modelClass: o.modelClass }),
          ...(classKwargs !== undefined && { classKwargs }),
        };
        reportWithArtifacts(
          await runSingleStage(globals(), { name: `export ${path.basename(o.weights)}`, stages: [stage] }),
          o.json,
        );
      },
    );

  program
    .command('convert')
    .description(
      'convert an ONNX with a vendor toolchain (rknn-toolkit2, HiSilicon atc, TensorRT trtexec) as a stored run',
    )
    .addOption(new Option('--backend <backend>', 'toolchain').choices(['rknn', 'atc', 'trt']).makeOptionMandatory())
    .requiredOption('--model <file>', 'the (cut) ONNX model')
    .requiredOption('--out <file>', '.rknn / .om / .engine to write')
    .option(
      '--options <file>',
      'YAML/JSON with the backend option blocks ' +
        '(rknn: config/build; atc: flags/calibrationOverrides; trt: flags/qdqModel)',
    )
    .option('--calibration <dir|list>', 'calibration images: a folder or a list file')
    .option('--count <n>', 'how many calibration images (evenly spaced)', (v) => parseIntArg(v, '--count'), 20)
    .option('--target <name>', 'target label stored with the run (e.g. rk3588)')
    .option('--json', 'print the finished run as one JSON document')
    .action(
      async (o: {
        backend: 'rknn' | 'atc' | 'trt';
        model: string;
        out: string;
        options?: string;
        calibration?: string;
        count: number;
        target?: string;
        json?: boolean;
      }) => {
        const stage = {
          kind: `convert-${o.backend}`,
          model: path.resolve(o.model),
          out: path.resolve(o.out),
          ...readOptions(o.options),
          ...(o.calibration && { calibration: { images: path.resolve(o.calibration), count: o.count } }),
        };
        const config = {
          name: `convert ${o.backend} ${path.basename(o.model)}`,
          backend: o.backend === 'trt' ? 'tensorrt' : o.backend,
          ...(o.target && { target: o.target }),
          stages: [stage],
        };
        reportWithArtifacts(await runSingleStage(globals(), config), o.json);
      },
    );
}
