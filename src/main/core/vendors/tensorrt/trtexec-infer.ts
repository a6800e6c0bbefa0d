import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RawTensor } from '../../detect/detection-types';
import { UserError } from '../../errors/user-error';
import { toHalfBits } from '../../onnx/float16';
import type { ToolRun } from '../../toolchains/backend';
import { DriverError } from '../../toolchains/python-driver';
import { runTool } from '../../toolchains/tool-process';
import { BatchQueue } from './batch-queue';
import { parseTrtDevice, parseTrtExportOutput, splitTrtBatch } from './trtexec-output';
import { parseTrtConsole, parseTrtVersion } from './trtexec-reports';

export type EngineInputType = 'fp32' | 'fp16';

export interface TrtexecEngineOptions {
  executable: string;
  engine: string;
  /** The engine's input binding (the ONNX input name). */
  inputName: string;
  /** What the input binding holds: fp32, or fp16 for an engine built with --inputIOFormats=fp16:chw. */
  inputType: EngineInputType;
  /** A guess (from the ONNX): on the first image, switch to the other type when trtexec's binding size says so. */
  inputTypeGuessed: boolean;
  /** The network's output names in ONNX order (trtexec exports them in hash order). */
  outputNames: string[];
  /** Extra trtexec flags for every run (e.g. --useCudaGraph). */
  flags: string[];
  /** Keep every letterboxed input .bin (for `runs export-script`); by default only the first stays. */
  keepInputs: boolean;
  /**
   * Images per trtexec process (> 1 needs an engine with a dynamic batch dimension): one file of N images and
   * `--shapes=input:Nx3xHxW`.
   */
  batch: number;
  /** The model input's [1, 3, H, W]. */
  inputDims: [number, number, number, number];
  workDir: string;
}

interface Item {
  input: Float32Array;
  index: number;
}

export interface EngineRunInfo {
  version: string | null;
  gpu: string | null;
  computeCapability: string | null;
}

/**
 * `--loadInputs` is split at commas and the quoted form `'name':path` at single quotes (sampleOptions.cpp
 * splitNameAndValue), so neither may appear in the name or the path.
 */
function checkSpec(name: string, file: string): void {
  for (const [what, value] of [
    ['input name', name],
    ['input path', file],
  ])
    if (/[,']/.test(value))
      throw new UserError(
        `The engine's ${what} ${value} contains a comma or a single quote, which trtexec --loadInputs cannot take`,
        what === 'input path'
          ? 'Move the workspace to a folder without commas or single quotes in its path.'
          : 'Rename the input.',
        'invalid_input',
      );
}

/** trtexec's "Input binding size is: N bytes but the file size is M bytes" (sampleUtils.cpp loadFromFile). */
function bindingBytes(error: unknown): number | null {
  if (!(error instanceof DriverError)) return null;
  const m = /Input binding size is: (\d+) bytes/.exec([error.message, ...error.lastLines].join('\n'));
  return m ? Number(m[1]) : null;
}

/** A failed trtexec run, said of the engine it ran (the error keeps trtexec's cause line and log tail). */
function engineFailure(engine: string, error: unknown): unknown {
  if (!(error instanceof DriverError) || error.cancelled) return error;
  return new DriverError(
    `${engine}: ${error.message}`,
    'An engine loads only on the TensorRT version and GPU that built it: rebuild it here (a convert-trt stage), ' +
      "or check the engine path. The stage log has trtexec's output.",
    error.lastLines,
  );
}

/**
 * Runs a TensorRT engine with trtexec: the letterboxed input as raw binary (`--loadInputs`), the outputs back
 * through `--exportOutput`. trtexec takes one file per input per process, so each image (or batch of `batch` images
 * for a dynamic-batch engine) is one short run (`--iterations=1 --warmUp=0 --duration=0`; several at once after the
 * first, see the stage's `parallel`); `measure()` then times the engine on one image with trtexec's defaults.
 */
export class TrtexecEngine {
  private inputType: EngineInputType;
  /** The first run: it settles the input type and the engine's GPU before others start. */
  private first: Promise<RawTensor[][]> | null = null;
  private readonly queue: BatchQueue<Item, RawTensor[]>;
  info: EngineRunInfo = { version: null, gpu: null, computeCapability: null };

  constructor(
    private readonly opts: TrtexecEngineOptions,
    private readonly run: Omit<ToolRun, 'python'>,
  ) {
    this.inputType = opts.inputType;
    this.queue = new BatchQueue(opts.batch, (items) => this.gated(items));
  }

  /** The first image's input, kept for the latency run and `runs export-script`. */
  get sampleInput(): string {
    return path.join(this.opts.workDir, 'inputs', '0.bin');
  }

  get usedInputType(): EngineInputType {
    return this.inputType;
  }

  private args(input: string, images: number, extra: string[]): string[] {
    const { inputName, inputDims } = this.opts;
    checkSpec(inputName, input);
    const shapes = this.opts.batch > 1 ? [`--shapes='${inputName}':${[images, ...inputDims.slice(1)].join('x')}`] : [];
    return [
      `--loadEngine=${this.opts.engine}`,
      `--loadInputs='${inputName}':${input}`,
      ...shapes,
      ...extra,
      ...this.opts.flags,
    ];
  }

  private async tool(args: string[], quiet: boolean): Promise<string[]> {
    const hint = "Install TensorRT and put its bin/ (with trtexec) on PATH, or set the stage's executable: option.";
    const { lines } = await runTool(this.opts.executable, args, {
      ...this.run,
      onLog: quiet ? undefined : this.run.onLog,
      hint,
    });
    return lines;
  }

  /** One image: NCHW float32 in, the engine's outputs in ONNX order out. */
  infer(input: Float32Array, index: number): Promise<RawTensor[]> {
    return this.queue.push({ input, index });
  }

  private gated(items: Item[]): Promise<RawTensor[][]> {
    if (!this.first) return (this.first = this.runBatch(items, true));
    return this.first.then(() => this.runBatch(items, false));
  }

  private async write(file: string, inputs: Float32Array[]): Promise<void> {
    const half = this.inputType === 'fp16';
    const parts = inputs.map((input) => (half ? toHalfBits(input) : input));
    await writeFile(file, Buffer.concat(parts.map((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength))));
  }

  private async runBatch(items: Item[], first: boolean): Promise<RawTensor[][]> {
    const inputs = items.map((i) => i.input);
    const single = this.opts.batch === 1;
    const index = items[0].index;
    const file = path.join(this.opts.workDir, single ? 'inputs' : 'batches', `${index}.bin`);
    const out = path.join(this.opts.workDir, 'outputs', `${index}.json`);
    const args = this.args(file, items.length, [
      `--exportOutput=${out}`,
      '--iterations=1',
      '--warmUp=0',
      '--duration=0',
    ]);
    await this.write(file, inputs);
    let lines: string[];
    try {
      lines = await this.tool(args, !first);
    } catch (error) {
      // The first run tells which input type the engine was built with; a wrong guess is retried once.
      this.checkBinding(error, inputs, first);
      await this.write(file, inputs);
      lines = await this.tool(args, false).catch((again: unknown) => {
        throw engineFailure(this.opts.engine, again);
      });
    }
    if (!single && index === 0) await this.write(this.sampleInput, [inputs[0]]);
    if (first) {
      const text = lines.join('\n');
      this.info = { version: parseTrtVersion(text)?.text ?? null, ...parseTrtDevice(text) };
    }
    let json: string;
    try {
      json = await readFile(out, 'utf8');
    } catch {
      throw new UserError(
        `trtexec finished but wrote no ${out}`,
        'Check that this trtexec supports --exportOutput (TensorRT ≥ 8) and see the stage log.',
        'failed',
      );
    }
    await rm(out, { force: true });
    if ((index !== 0 || !single) && !this.opts.keepInputs) await rm(file, { force: true });
    return splitTrtBatch(parseTrtExportOutput(json, out, this.opts.outputNames), items.length, out);
  }

  /**
   * A failed run: trtexec's input size error on the first run with a guessed type switches the type (returns);
   * every other failure is thrown, said of the engine.
   */
  private checkBinding(error: unknown, inputs: Float32Array[], first: boolean): void {
    const bytes = bindingBytes(error);
    if (bytes === null) throw engineFailure(this.opts.engine, error);
    const values = inputs.reduce((n, i) => n + i.length, 0);
    const other: EngineInputType = this.inputType === 'fp32' ? 'fp16' : 'fp32';
    const engine = `${this.opts.engine}: the engine's input ${this.opts.inputName} takes ${bytes} bytes`;
    const what = inputs.length > 1 ? `batch of ${inputs.length} images` : 'image';
    if (bytes !== values * (other === 'fp16' ? 2 : 4))
      throw new UserError(
        `${engine}, the letterboxed ${this.inputType} ${what} has ${values * (this.inputType === 'fp16' ? 2 : 4)}`,
        inputs.length > 1
          ? 'batch: > 1 needs an engine with a dynamic batch dimension (minShapes/optShapes/maxShapes); else batch: 1.'
          : 'Give model: the ONNX this engine was built from (its input size is the letterbox size).',
        'invalid_input',
      );
    if (!first || !this.opts.inputTypeGuessed)
      throw new UserError(
        `${engine} (${other}), not ${this.inputType} as inputType: says`,
        `Set inputType: ${other} (or auto) in the tensorrt-eval stage.`,
        'invalid_input',
      );
    this.run.onLog?.(
      `the engine's input ${this.opts.inputName} is ${other} (${bytes} bytes): writing ${other} inputs`,
      'stdout',
    );
    this.inputType = other;
  }

  /** trtexec's own timing of the engine on the first image (its default warm-up and duration). */
  async measure(): Promise<{ gpuComputeMeanMs: number | null; latencyMeanMs: number | null }> {
    const lines = await this.tool(this.args(this.sampleInput, 1, []), false).catch((error: unknown) => {
      throw engineFailure(this.opts.engine, error);
    });
    const summary = parseTrtConsole(lines.join('\n'));
    return { gpuComputeMeanMs: summary.gpuComputeMeanMs, latencyMeanMs: summary.latencyMs?.mean ?? null };
  }
}
