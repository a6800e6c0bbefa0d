import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RawTensor } from '../../detect/detection-types';
import { UserError } from '../../errors/user-error';
import { toHalfBits } from '../../onnx/float16';
import type { ToolRun } from '../../toolchains/backend';
import { DriverError } from '../../toolchains/python-driver';
import { runTool } from '../../toolchains/tool-process';
import { parseTrtDevice, parseTrtExportOutput } from './trtexec-output';
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
  workDir: string;
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
function loadInputsSpec(name: string, file: string): string {
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
  return `--loadInputs='${name}':${file}`;
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
 * Runs a TensorRT engine image by image with trtexec: the letterboxed input as raw binary (`--loadInputs`), the
 * outputs back through `--exportOutput`. trtexec takes one file per input per process, so each image is one short
 * run (`--iterations=1 --warmUp=0 --duration=0`; several at once after the first, see `parallel`); `measure()` then
 * times the engine with trtexec's defaults.
 */
export class TrtexecEngine {
  private inputType: EngineInputType;
  /** The first image's run: it settles the input type and the engine's GPU before others start. */
  private first: Promise<RawTensor[]> | null = null;
  info: EngineRunInfo = { version: null, gpu: null, computeCapability: null };

  constructor(
    private readonly opts: TrtexecEngineOptions,
    private readonly run: Omit<ToolRun, 'python'>,
  ) {
    this.inputType = opts.inputType;
  }

  /** The first image's input, kept for the latency run and `runs export-script`. */
  get sampleInput(): string {
    return path.join(this.opts.workDir, 'inputs', '0.bin');
  }

  private args(input: string, extra: string[]): string[] {
    return [
      `--loadEngine=${this.opts.engine}`,
      loadInputsSpec(this.opts.inputName, input),
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
    if (!this.first) return (this.first = this.inferOne(input, index, true));
    return this.first.then(() => this.inferOne(input, index, false));
  }

  private async inferOne(input: Float32Array, index: number, first: boolean): Promise<RawTensor[]> {
    const file = path.join(this.opts.workDir, 'inputs', `${index}.bin`);
    const out = path.join(this.opts.workDir, 'outputs', `${index}.json`);
    const write = () => {
      const bits = this.inputType === 'fp16' ? toHalfBits(input) : input;
      return writeFile(file, new Uint8Array(bits.buffer, bits.byteOffset, bits.byteLength));
    };
    const once = () =>
      this.tool(this.args(file, [`--exportOutput=${out}`, '--iterations=1', '--warmUp=0', '--duration=0']), !first);
    await write();
    let lines: string[];
    try {
      lines = await once();
    } catch (error) {
      // The first image tells which input type the engine was built with; a wrong guess is retried once.
      const bytes = bindingBytes(error);
      if (bytes === null) throw engineFailure(this.opts.engine, error);
      const other: EngineInputType = this.inputType === 'fp32' ? 'fp16' : 'fp32';
      const engine = `${this.opts.engine}: the engine's input ${this.opts.inputName} takes ${bytes} bytes`;
      const sent = input.length * (this.inputType === 'fp16' ? 2 : 4);
      if (bytes !== input.length * (other === 'fp16' ? 2 : 4))
        throw new UserError(
          `${engine}, the letterboxed ${this.inputType} image has ${sent}`,
          'Give model: the ONNX this engine was built from (its input size is the letterbox size).',
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
      await write();
      lines = await once().catch((again: unknown) => {
        throw engineFailure(this.opts.engine, again);
      });
    }
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
    if (index !== 0 && !this.opts.keepInputs) await rm(file, { force: true });
    return parseTrtExportOutput(json, out, this.opts.outputNames);
  }

  /** trtexec's own timing of the engine on the first image (its default warm-up and duration). */
  async measure(): Promise<{ gpuComputeMeanMs: number | null; latencyMeanMs: number | null }> {
    const lines = await this.tool(this.args(this.sampleInput, []), false).catch((error: unknown) => {
      throw engineFailure(this.opts.engine, error);
    });
    const summary = parseTrtConsole(lines.join('\n'));
    return { gpuComputeMeanMs: summary.gpuComputeMeanMs, latencyMeanMs: summary.latencyMs?.mean ?? null };
  }

  get usedInputType(): EngineInputType {
    return this.inputType;
  }
}
