import { z } from 'zod';
import { EmptySchema } from './app-schemas';
import { RuntimeKindSchema, VariantSchema } from './evaluation-schemas';
import { RunIdSchema, RunRefSchema } from './run-schemas';

/** Pre-processing presets (core/data/letterbox.ts) and YOLO output layouts (core/detect/yolo-decoders.ts). */
export const LetterboxPresetSchema = z.enum(['ultralytics', 'rknn-model-zoo', 'yolox', 'rtdetr', 'nanodet']);
export type LetterboxPresetName = z.infer<typeof LetterboxPresetSchema>;

const rgbTriple = z.tuple([z.number(), z.number(), z.number()]);

/**
 * Pre-processing options; a preset is a named full set of them and these override it. Pixel value fed to the
 * model = (byte − mean) / std per channel, in the model's channel order.
 */
export const PreprocessSchema = z
  .object({
    /** letterbox keeps the aspect ratio and pads; stretch resizes to the input size (RT-DETR, NanoDet). */
    resize: z.enum(['letterbox', 'stretch']),
    /** Pad byte value around a letterboxed image (0, 114, 128 …). */
    pad: z.number().int().min(0).max(255),
    /** Where the letterboxed image sits: centred (Ultralytics, rknn_model_zoo) or top-left (YOLOX). */
    placement: z.enum(['centre', 'top-left']),
    channels: z.enum(['rgb', 'bgr']),
    mean: rgbTriple,
    std: rgbTriple.refine((s) => s.every((v) => v > 0), 'std values must be > 0'),
  })
  .strict();
export type Preprocess = z.infer<typeof PreprocessSchema>;
export const PreprocessOverridesSchema = PreprocessSchema.partial();
export type PreprocessOverrides = z.infer<typeof PreprocessOverridesSchema>;
export const HeadKindSchema = z.enum([
  'yolov8',
  'yolov5',
  'yolox',
  'yolov10',
  'split',
  'yolov5-split',
  'yolox-split',
  'nanodet',
  'nanodet-m',
  'detr',
]);
export type HeadKindName = z.infer<typeof HeadKindSchema>;

/** `coco`: a COCO results json; `hisi-detresult`: a folder of the HiSilicon board sample's `*_detResult.txt`. */
export const DetsFormatSchema = z.enum(['coco', 'hisi-detresult']);
export type DetsFormat = z.infer<typeof DetsFormatSchema>;

/**
 * What one evaluation needs; shared by the `eval` stage (run YAML) and `npu-workbench eval`.
 * Either `model` + `data` (run the ONNX model with onnxruntime), or `dets` with `gt` or `data`
 * (score a COCO results file, e.g. board outputs, against a COCO json or a dataset). `demo` as
 * model or data means the embedded demo project.
 */
export const EvalParamsSchema = z
  .object({
    model: z.string().min(1).optional(),
    data: z.string().min(1).optional(),
    images: z.string().min(1).optional(),
    gt: z.string().min(1).optional(),
    dets: z.string().min(1).optional(),
    detsFormat: DetsFormatSchema.optional(),
    preset: LetterboxPresetSchema.default('ultralytics'),
    imgsz: z.number().int().min(32).max(4096).optional(),
    conf: z.number().min(0).max(1).default(0.001),
    iou: z.number().min(0).max(1).default(0.7),
    maxDet: z.number().int().min(1).max(10000).default(300),
    head: z.enum(['auto', ...HeadKindSchema.options]).default('auto'),
    multiLabel: z.boolean().default(true),
    threads: z.number().int().min(1).max(256).optional(),
    limit: z.number().int().min(1).optional(),
    strict: z.boolean().default(true),
    saveDets: z.string().min(1).optional(),
    /** What the AP ledger records: default fp32 on host onnxruntime for a model, `imported` for a results file. */
    variant: VariantSchema.optional(),
    runtime: RuntimeKindSchema.optional(),
    /** Options overriding the preset's: `preprocess: { pad: 128, placement: top-left, mean: [..], std: [..] }`. */
    preprocess: PreprocessOverridesSchema.strict().optional(),
  })
  .strict()
  .refine((p) => (p.model && p.data) || (p.dets && (p.gt || p.data)), {
    message: 'Give either model + data (run the model) or dets + gt/data (score a results file)',
  })
  .refine((p) => !(p.gt && p.data), { message: 'Score dets against gt or data, not both' })
  .refine((p) => !(p.model && p.dets), { message: 'Give model + data or gt + dets, not both' });

export type EvalParams = z.output<typeof EvalParamsSchema>;

/** Per class precision at the 101 COCO recall points, one curve per IoU threshold; -1 where a class has no GT. */
export const PrCurvesSchema = z.object({
  recall: z.array(z.number()),
  iouThresholds: z.array(z.number()),
  classes: z.array(z.object({ id: z.number(), name: z.string(), precision: z.array(z.array(z.number())) })),
});
export type PrCurvesData = z.infer<typeof PrCurvesSchema>;

/** An evaluation's numbers (snake_case, as pycocotools users script against): what `eval --json` prints. */
export const EvalSummarySchema = z.object({
  stats: z.array(z.number()).length(12),
  map: z.number(),
  map50: z.number(),
  map75: z.number(),
  per_class: z.array(z.object({ id: z.number(), name: z.string(), ap: z.number(), ap50: z.number() })),
  images: z.number().int(),
  seconds: z.number(),
  ms_per_image: z.number(),
  /** The decoder and pre-processing used; null when a results file was scored (or stored before they were kept). */
  head: z.string().nullable().default(null),
  preset: z.string().nullable().default(null),
  /** The pre-processing options used (the preset's with any overrides); null when a results file was scored. */
  preprocess: PreprocessSchema.nullable().default(null),
});
export type EvalSummary = z.infer<typeof EvalSummarySchema>;

/** A stored evaluation: its numbers, how they were computed, and dataset warnings. */
export const EvalResultSchema = EvalSummarySchema.extend({
  setup: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  warnings: z.array(z.string()).optional(),
});
export type EvalResult = z.infer<typeof EvalResultSchema>;
/** The artifact kind a run's stored evaluation (`eval:result`) is kept under. */
export const EVAL_RESULT_ARTIFACT = 'eval-result';

export const evalInvokeContract = {
  /** The stored evaluation of a run (stats, per-class AP, setup). */
  'eval:result': { input: RunRefSchema, output: EvalResultSchema },
  /** PR curves of a run's evaluation, for the per-class chart. */
  'eval:prCurves': { input: RunRefSchema, output: PrCurvesSchema },
  /**
   * Evaluates (runs the model, or scores a results file) and adds the AP to an existing run's ledger without
   * touching the run's own metrics; relative paths in params resolve against `baseDir`.
   */
  'eval:attach': {
    input: z.object({ id: RunIdSchema, params: EvalParamsSchema, baseDir: z.string().min(1).max(4096) }).strict(),
    output: EvalResultSchema,
  },
  /** The embedded demo project: model path and dataset folder (generated on first call). */
  'eval:demo': {
    input: EmptySchema,
    output: z.object({ model: z.string(), dataset: z.string(), classNames: z.array(z.string()) }),
  },
} as const;
