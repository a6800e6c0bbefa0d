import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import {
  HeadKindSchema,
  LetterboxPresetSchema,
  PreprocessOverridesSchema,
} from '../../../../shared/contract/eval-contract';
import { VariantSchema } from '../../../../shared/contract/evaluation-schemas';
import { UserError } from '../../errors/user-error';
import { evaluateWithRunner } from '../../eval/evaluate-model';
import { modelInfoOf, readModelBytes } from '../../eval/model-session';
import { recordEvaluation } from '../../eval/record-evaluation';
import { decodeOnnx, TensorDataType } from '../../onnx/onnx-model';
import { py } from '../../pipeline/replay-python';
import { defineStageKind, type StageContext } from '../../pipeline/stage-kind';
import { resolveDemoIn, resolveIn, stageWorkDir, timeoutParam, toolRun } from '../../pipeline/stages/toolchain-stage';
import { TrtexecEngine } from './trtexec-infer';

const TrtFlag = z.string().regex(/^--[A-Za-z][\w-]*(=\S+)?$/);

const TensorRtEvalParams = z
  .object({
    /** The engine: a path, or `artifact:trt-engine` (what convert-trt stored in this run). */
    engine: z.string().min(1).default('artifact:trt-engine'),
    /**
     * The ONNX the engine was built from (input name, size, output order; `demo`: the demo detector); default: this
     * run's convert-trt model.
     */
    model: z.string().min(1).optional(),
    /** The dataset (folder, data.yaml, COCO json; `demo`: the demo dataset). */
    data: z.string().min(1),
    images: z.string().min(1).optional(),
    preset: LetterboxPresetSchema.default('ultralytics'),
    preprocess: PreprocessOverridesSchema.strict().optional(),
    conf: z.number().min(0).max(1).default(0.001),
    iou: z.number().min(0).max(1).default(0.7),
    maxDet: z.number().int().min(1).max(10000).default(300),
    head: z.enum(['auto', ...HeadKindSchema.options]).default('auto'),
    multiLabel: z.boolean().default(true),
    limit: z.number().int().min(1).optional(),
    strict: z.boolean().default(true),
    /** What the engine is, for the AP ledger; default from this run's convert-trt (QDQ model's dtype, int8, fp16). */
    variant: VariantSchema.optional(),
    /** The engine's input binding type: auto = the ONNX input's, switched on the first image if trtexec says so. */
    inputType: z.enum(['auto', 'fp32', 'fp16']).default('auto'),
    /** Extra trtexec flags for every run (e.g. --useCudaGraph). */
    flags: z.array(TrtFlag).default([]),
    /**
     * trtexec processes at once: trtexec takes one input file per binding, so each image is a process that spends
     * most of its time starting (CUDA context, engine deserialization); two overlap that with the GPU work.
     */
    parallel: z.number().int().min(1).max(8).default(2),
    /**
     * Images per trtexec process, for an engine with a dynamic batch dimension (convert-trt flags minShapes /
     * optShapes / maxShapes covering it): one file of N images with `--shapes=input:Nx3xHxW`.
     */
    batch: z.number().int().min(1).max(256).default(1),
    /** Keep every letterboxed input (.bin) in the stage folder for `runs export-script`; by default only the first. */
    keepInputs: z.boolean().default(false),
    /** Time the engine with trtexec's defaults after scoring (GPU Compute Time → the record's latency). */
    latency: z.boolean().default(true),
    executable: z.string().default('trtexec'),
    /** Per trtexec run. */
    timeoutSec: timeoutParam,
  })
  .strict();
type Params = z.output<typeof TensorRtEvalParams>;

type BuildStage = { kind: string; model?: string; qdqModel?: string; flags?: Record<string, unknown> };

/** The convert-trt stage before this one in the run, if any: the engine's source and build flags. */
function buildStage(ctx: StageContext): BuildStage | undefined {
  return (ctx.config.stages.slice(0, ctx.stageIndex) as BuildStage[]).findLast((s) => s.kind === 'convert-trt');
}

/**
 * What convert-trt built: a QDQ model from this run's analyse stage is its dtype (`qdq-model`) or the hybrid
 * (`qdq-model-hybrid`), another QDQ model or --int8 w8a8, --fp16/--best fp16, else fp32.
 */
function variantOf(ctx: StageContext, build: BuildStage | undefined): string | null {
  if (!build) return null;
  if (build.qdqModel === 'artifact:qdq-model-hybrid') return 'hybrid';
  if (build.qdqModel === 'artifact:qdq-model') {
    const analyse = (ctx.config.stages.slice(0, ctx.stageIndex) as { kind: string; dtype?: string }[]).findLast(
      (s) => s.kind === 'analyse',
    );
    return analyse?.dtype ?? 'w8a8';
  }
  if (build.qdqModel || build.flags?.int8) return 'w8a8';
  return build.flags?.fp16 || build.flags?.best ? 'fp16' : 'fp32';
}

/** Images after which the log says how long the rest will take. */
const ETA_AFTER = 8;

/** What the stage learnt about the engine's input, for `runs export-script`. */
const INPUT_NOTE = 'engine-input.json';

/**
 * COCO AP of a TensorRT engine on its GPU: the workbench letterboxes each image, trtexec runs the engine on it
 * (`--loadEngine --loadInputs --exportOutput`), and the workbench's decoders, NMS and COCOeval score the outputs
 * (the `eval` code path); the record carries the GPU trtexec reports and its GPU Compute Time.
 */
export const tensorRtEvalStage = defineStageKind({
  kind: 'tensorrt-eval',
  title: 'TensorRT engine AP',
  description:
    'Runs a TensorRT engine with trtexec on the letterboxed dataset; COCO AP from the workbench decoder, ' +
    'GPU latency from trtexec.',
  params: TensorRtEvalParams,
  async run(ctx, p: Params) {
    const engine = resolveIn(ctx, p.engine);
    if (!existsSync(engine))
      throw new UserError(
        `TensorRT engine not found: ${engine}`,
        'Build it first (a convert-trt stage before this one) or set engine: to the .engine/.plan file.',
        'invalid_input',
      );
    const build = buildStage(ctx);
    const source = p.model ?? build?.qdqModel ?? build?.model;
    if (!source)
      throw new UserError(
        'tensorrt-eval needs the ONNX the engine was built from (its input name, size and output order)',
        'Set model: to that ONNX, or add the convert-trt stage that builds the engine before this one.',
        'invalid_input',
      );
    const { bytes, source: onnxPath } = readModelBytes(await resolveDemoIn(ctx, source, 'model'));
    const onnx = decodeOnnx(bytes, onnxPath);
    const info = modelInfoOf(onnx, onnxPath);
    if (!info.inputWidth || !info.inputHeight)
      throw new UserError(
        `${onnxPath}: the input needs a static 1×3×H×W shape`,
        'Export with a fixed image size.',
        'invalid_input',
      );
    if (info.sizeInputs.length)
      throw new UserError(
        `${onnxPath} has a second input ${info.sizeInputs.join(', ')} besides the image (a DETR-style export)`,
        'tensorrt-eval feeds the image input only; evaluate this model with eval (onnxruntime) instead.',
        'invalid_input',
      );
    const imgsz = { width: info.inputWidth, height: info.inputHeight };
    const inputElem = onnx.graph.input.find((i) => i.name === info.inputName)?.type?.tensorType?.elemType;
    const workDir = await stageWorkDir(ctx, 'tensorrt-eval');
    await Promise.all(['inputs', 'batches', 'outputs'].map((d) => mkdir(path.join(workDir, d), { recursive: true })));
    const run = toolRun(ctx, p.timeoutSec);
    const trt = new TrtexecEngine(
      {
        executable: p.executable,
        engine,
        inputName: info.inputName,
        inputType: p.inputType !== 'auto' ? p.inputType : inputElem === TensorDataType.FLOAT16 ? 'fp16' : 'fp32',
        inputTypeGuessed: p.inputType === 'auto',
        outputNames: onnx.graph.output.map((o) => o.name),
        flags: p.flags,
        keepInputs: p.keepInputs,
        batch: p.batch,
        inputDims: [1, 3, imgsz.height, imgsz.width],
        workDir,
      },
      run,
    );
    const dataset = await resolveDemoIn(ctx, p.data, 'data');
    const started = performance.now();
    let index = 0;
    const result = await evaluateWithRunner({
      dataset,
      imagesDir: p.images ? resolveIn(ctx, p.images) : undefined,
      preset: p.preset,
      preprocess: p.preprocess,
      conf: p.conf,
      iou: p.iou,
      maxDet: p.maxDet,
      head: p.head,
      multiLabel: p.multiLabel,
      limit: p.limit,
      strict: p.strict,
      imgsz,
      classNames: info.classNames,
      headHint: info.headHint,
      endToEnd: info.endToEnd,
      signal: ctx.signal,
      onProgress: (done, total) => {
        ctx.progress(done, total, 'images (trtexec)');
        // After the first few batches: the first runs alone, so an earlier estimate would be too high.
        if (done === ETA_AFTER * p.batch && total > 2 * done) {
          const perImage = (performance.now() - started) / 1000 / done;
          ctx.log(
            `trtexec: ${perImage.toFixed(2)} s per image, about ${Math.ceil((perImage * (total - done)) / 60)} min ` +
              `for the other ${total - done} (limit: scores fewer; parallel: runs more trtexec at once)`,
          );
        }
      },
      maxInFlight: p.parallel * p.batch,
      run: (input) => trt.infer(input, index++),
    });
    await writeFile(
      path.join(workDir, INPUT_NOTE),
      JSON.stringify({ inputName: info.inputName, inputType: trt.usedInputType, imgsz }),
    );
    const timing = p.latency ? await trt.measure() : null;
    const variant = p.variant ?? variantOf(ctx, build) ?? 'unknown';
    if (!p.variant && !build) ctx.log('warning: the engine was built elsewhere; set variant: (fp16, w8a8 …)', 'stderr');
    for (const w of result.warnings) ctx.log(`warning: ${w}`, 'stderr');
    await recordEvaluation(
      { ...ctx, stageKind: 'tensorrt-eval' },
      {
        model: { path: engine },
        variant,
        variantDetail: { configured: Boolean(p.variant) || Boolean(build), source: onnxPath },
        label: variant,
        runtime: 'tensorrt',
        runtimeDetail: {
          gpu: trt.info.gpu,
          computeCapability: trt.info.computeCapability,
          tensorrt: trt.info.version,
          inputType: trt.usedInputType,
        },
        dataset: result.datasetFingerprint,
        datasetName: dataset,
        preprocess: { preset: p.preset, imgsz: `${imgsz.width}x${imgsz.height}`, ...result.preprocess },
        thresholds: result.thresholds,
        latencyMs: timing?.gpuComputeMeanMs ?? null,
        latencyWhere: timing?.gpuComputeMeanMs != null ? 'gpu' : null,
      },
      result,
    );
    ctx.workspace.metrics.set(ctx.runId, {
      'trt_eval.map': result.stats[0],
      'trt_eval.map50': result.stats[1],
      'trt_eval.images': result.images,
      ...(timing?.gpuComputeMeanMs != null && { 'trt_eval.gpu_compute_ms': timing.gpuComputeMeanMs }),
    });
    await ctx.workspace.artifacts.write(
      ctx.runId,
      'trt-detections',
      'trt-detections.json',
      JSON.stringify(result.detections),
    );
    ctx.log(
      `TensorRT ${trt.info.version ?? '?'} on ${trt.info.gpu ?? 'an unnamed GPU'}: AP ${result.stats[0].toFixed(4)}, ` +
        `AP50 ${result.stats[1].toFixed(4)} on ${result.images} images` +
        (timing?.gpuComputeMeanMs != null ? `; GPU Compute Time ${timing.gpuComputeMeanMs} ms` : ''),
    );
  },
  replay(p: Params, ctx) {
    const workDir = ctx.workDir('tensorrt-eval');
    const note = path.join(workDir, INPUT_NOTE);
    const seen = existsSync(note)
      ? (JSON.parse(readFileSync(note, 'utf8')) as { inputName: string; imgsz?: { width: number; height: number } })
      : null;
    const input = seen?.inputName ?? 'images';
    // A dynamic-batch engine (batch: > 1) is given the one-image shape the kept inputs have.
    const shape =
      p.batch > 1 && seen?.imgsz ? [`--shapes='${input}':1x3x${seen.imgsz.height}x${seen.imgsz.width}`] : [];
    const flags = [...shape, ...p.flags].map((f) => `, ${py(f)}`).join('');
    return [
      "# Letterbox, decoding and COCOeval are the workbench's: this replays trtexec on the inputs the stage kept",
      '# (the first image, or all with keepInputs: true), then times the engine as the stage did.',
      'import glob',
      `inputs = sorted(glob.glob(os.path.join(${py(path.join(workDir, 'inputs'))}, "*.bin")))`,
      'if not inputs:',
      '    sys.exit("no letterboxed inputs: run the tensorrt-eval stage in the workbench first")',
      `engine = [${py(p.executable)}, "--loadEngine=" + p(${py(p.engine)})]`,
      'for f in inputs:',
      '    out = o("trt-outputs/" + os.path.basename(f)[:-4] + ".json")',
      `    subprocess.run(engine + [${py(`--loadInputs='${input}':`)} + f, "--exportOutput=" + out, ` +
        `"--iterations=1", "--warmUp=0", "--duration=0"${flags}], check=True)`,
      `subprocess.run(engine + [${py(`--loadInputs='${input}':`)} + inputs[0]${flags}], check=True)`,
    ];
  },
});
