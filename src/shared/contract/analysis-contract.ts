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

/** One candidate the proposal search measured: AP with the set chosen so far (`base`) plus this group float. */
export const SearchCandidateSchema = z.object({
  label: z.string(),
  kind: z.enum(['tensor', 'decode', 'dfl', 'concat']),
  tensors: z.array(z.string()),
  /** 0: measured alone; n: measured on top of the n groups chosen before it. */
  round: z.number().int(),
  base: z.number(),
  ap: z.number(),
  apGain: z.number(),
});

/** How the proposal was found: every candidate tried with its AP, the greedy path, and why the search stopped. */
export const ProposalSearchSchema = z.object({
  candidates: z.array(SearchCandidateSchema),
  steps: z.array(z.object({ label: z.string(), tensors: z.number().int(), ap: z.number() })),
  /** Proposed tensors where int16 measured within budget (float not needed). */
  int16: z.array(z.string()),
  stopReason: z.string(),
  /** Calibration algorithms compared by AP of the proposed set (only when the search missed the budget). */
  calibration: z
    .object({ chosen: z.string(), tried: z.array(z.object({ algo: z.string(), ap: z.number() })) })
    .nullable(),
  /** The head cut before decoding, quantised and measured (when int8 misses the budget). */
  cutHead: z
    .object({ preset: z.string(), ap: z.number().nullable(), withinBudget: z.boolean(), advice: z.string() })
    .nullable(),
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
      /** Proposed tensors raised to int16 rather than float (a subset of keepFloat; absent in older results). */
      keepInt16: z.array(z.string()).optional(),
      withinBudget: z.boolean(),
      apBudget: z.number(),
      evaluations: z.number().int(),
      rknnCustomQuantizeLayers: z.string(),
      atcHighPrecisionLayer: z.string(),
      trtexecLayerPrecisions: z.string(),
      sensitivity: z.array(SensitivityEntrySchema),
      search: ProposalSearchSchema.optional(),
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
