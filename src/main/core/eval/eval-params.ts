import { z } from 'zod';
import {
  HeadKindSchema,
  LetterboxPresetSchema,
  PreprocessOverridesSchema,
} from '../../../shared/contract/eval-contract';
import { RuntimeKindSchema, VariantSchema } from '../../../shared/contract/evaluation-schemas';

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
    preset: LetterboxPresetSchema.default('ultralytics'),
    /** Options overriding the preset's: `preprocess: { pad: 128, placement: top-left, mean: [..], std: [..] }`. */
    preprocess: PreprocessOverridesSchema.strict().optional(),
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
  })
  .strict()
  .refine((p) => (p.model && p.data) || (p.dets && (p.gt || p.data)), {
    message: 'Give either model + data (run the model) or dets + gt/data (score a results file)',
  })
  .refine((p) => !(p.gt && p.data), { message: 'Score dets against gt or data, not both' })
  .refine((p) => !(p.model && p.dets), { message: 'Give model + data or gt + dets, not both' });

export type EvalParams = z.output<typeof EvalParamsSchema>;
