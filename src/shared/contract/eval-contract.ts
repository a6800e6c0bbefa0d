import { z } from 'zod';
import { EmptySchema } from './app-schemas';
import { RunRefSchema } from './run-schemas';

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
  'detr',
]);
export type HeadKindName = z.infer<typeof HeadKindSchema>;

/** Per class precision at the 101 COCO recall points, one curve per IoU threshold; -1 where a class has no GT. */
export const PrCurvesSchema = z.object({
  recall: z.array(z.number()),
  iouThresholds: z.array(z.number()),
  classes: z.array(z.object({ id: z.number(), name: z.string(), precision: z.array(z.array(z.number())) })),
});
export type PrCurvesData = z.infer<typeof PrCurvesSchema>;

/** What `npu-workbench eval --json` prints, plus how it was computed and dataset warnings. */
export const EvalResultSchema = z.object({
  stats: z.array(z.number()).length(12),
  map: z.number(),
  map50: z.number(),
  map75: z.number(),
  per_class: z.array(z.object({ id: z.number(), name: z.string(), ap: z.number(), ap50: z.number() })),
  images: z.number().int(),
  seconds: z.number(),
  ms_per_image: z.number(),
  setup: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  /** The pre-processing used (the preset's options with any overrides); absent when a results file was scored. */
  preprocess: PreprocessSchema.nullable().optional(),
  warnings: z.array(z.string()).optional(),
});
export type EvalResult = z.infer<typeof EvalResultSchema>;

export const evalInvokeContract = {
  /** The stored evaluation of a run (stats, per-class AP, setup). */
  'eval:result': { input: RunRefSchema, output: EvalResultSchema },
  /** PR curves of a run's evaluation, for the per-class chart. */
  'eval:prCurves': { input: RunRefSchema, output: PrCurvesSchema },
  /** The embedded demo project: model path and dataset folder (generated on first call). */
  'eval:demo': {
    input: EmptySchema,
    output: z.object({ model: z.string(), dataset: z.string(), classNames: z.array(z.string()) }),
  },
} as const;
