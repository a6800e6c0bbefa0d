import { z } from 'zod';
import { LayerErrorQuerySchema, LayerErrorSchema, LayerErrorSourceSchema } from './analysis-schemas';
import { RunIdSchema, RunSummarySchema } from './run-schemas';

export const ApTripleSchema = z.object({ float: z.number(), quant: z.number(), hybrid: z.number() });

export const SensitivityEntrySchema = z.object({
  tensor: z.string(),
  opType: z.string().nullable(),
  onnxNode: z.string().nullable(),
  singleRank: z.number().int(),
  cosSingle: z.number().nullable(),
  apIfFloat: z.number().nullable(),
  apGain: z.number().nullable(),
});

/** What an `analyse` stage concluded (stored with the run as analysis.json). */
export const AnalysisSummarySchema = z.object({
  model: z.string(),
  dtype: z.string(),
  algo: z.string(),
  method: z.string(),
  keepFloat: z.array(z.string()),
  calibImages: z.number().int(),
  evalImages: z.number().int(),
  ap: ApTripleSchema.nullable(),
  proposal: z
    .object({
      keepFloat: z.array(z.string()),
      /** What the proposed tensors (beyond the user's keep-float set) are raised to. */
      precision: z.enum(['float16', 'int16']),
      withinBudget: z.boolean(),
      apBudget: z.number(),
      evaluations: z.number().int(),
      rknnCustomQuantizeLayers: z.string(),
      atcHighPrecisionLayer: z.string(),
      trtexecLayerPrecisions: z.string(),
      sensitivity: z.array(SensitivityEntrySchema),
    })
    .nullable(),
  seconds: z.number(),
});
export type AnalysisSummary = z.infer<typeof AnalysisSummarySchema>;

export const AnalysisExportFormatSchema = z.enum(['rknn-table', 'model-explorer']);
export const LayerMetricSchema = z.enum(['cosEntire', 'cosSingle', 'eucEntire', 'eucSingle', 'sqnr']);

export const AnalysisExportSchema = z
  .object({
    id: RunIdSchema,
    format: AnalysisExportFormatSchema,
    source: LayerErrorSourceSchema.optional(),
    /** Model Explorer colours nodes by one metric (default cosEntire). */
    metric: LayerMetricSchema.optional(),
  })
  .strict();

export const AnalysisRerunSchema = z
  .object({ id: RunIdSchema, keepFloat: z.array(z.string().min(1).max(4096)).max(10000) })
  .strict();

/** Per-layer error and hybrid-precision calls (built-in simulation, vendor simulator and board share the table). */
export const analysisInvokeContract = {
  'analysis:layerErrors': { input: LayerErrorQuerySchema, output: z.array(LayerErrorSchema) },
  'analysis:summary': { input: z.object({ id: RunIdSchema }).strict(), output: AnalysisSummarySchema.nullable() },
  'analysis:export': {
    input: AnalysisExportSchema,
    output: z.object({ fileName: z.string(), mimeType: z.string(), text: z.string() }),
  },
  /** A child run of an analyse run with another keep-float set (the UI's "keep this layer float" toggle). */
  'analysis:rerun': { input: AnalysisRerunSchema, output: RunSummarySchema },
} as const;
