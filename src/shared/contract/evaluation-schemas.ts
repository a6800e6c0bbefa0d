import { z } from 'zod';

/** Same as run-schemas' RunIdSchema; declared here because run-schemas imports this file. */
const RunIdSchema = z.number().int().positive();

/**
 * Where an AP was measured. `host-ort`: the ONNX model in onnxruntime on this host; `builtin-sim`:
 * the workbench's QDQ fake-quant model in onnxruntime; `rknn-sim`: rknn-toolkit2's simulator;
 * `rknn-board` / `hisi-board`: a board; `tensorrt`: a TensorRT engine on its GPU; `imported`: a
 * results file made elsewhere (e.g. an `.om` on a HiSilicon board) scored here. The declaration order is
 * the AP table's column order (host first).
 */
export const RuntimeKindSchema = z.enum([
  'host-ort',
  'builtin-sim',
  'rknn-sim',
  'rknn-board',
  'hisi-board',
  'tensorrt',
  'imported',
]);
export type RuntimeKind = z.infer<typeof RuntimeKindSchema>;

/** fp32, fp16, w8a8, w8a16, int16, hybrid (see variantDetail), or a vendor's own name. */
export const VariantSchema = z.string().min(1).max(64);

/**
 * `measured`: a model the run built or was given; `proposal`: the analysis' suggested hybrid (not
 * yet built by the user); `candidate`: one sensitivity/search evaluation.
 */
export const EvaluationRoleSchema = z.enum(['measured', 'proposal', 'candidate']);
export type EvaluationRole = z.infer<typeof EvaluationRoleSchema>;

export const LatencyWhereSchema = z.enum(['host', 'board', 'gpu']);
export type LatencyWhere = z.infer<typeof LatencyWhereSchema>;

export const PerClassApSchema = z.object({ id: z.number(), name: z.string(), ap: z.number(), ap50: z.number() });

const JsonObject = z.record(z.string(), z.unknown());

/** One AP measurement: the AP ledger's row. PR curves are fetched separately (`eval:curves`). */
export const EvaluationRecordSchema = z.object({
  id: z.number().int(),
  runId: RunIdSchema,
  stageIndex: z.number().int().nullable(),
  stageKind: z.string(),
  modelPath: z.string().nullable(),
  modelSha256: z.string().nullable(),
  variant: VariantSchema,
  /** e.g. {keepFloat:[…], precision:'float16', base:'w8a8'} for a hybrid. */
  variantDetail: JsonObject,
  role: EvaluationRoleSchema,
  /** Readable name of what was scored, e.g. "hybrid, 3 tensors float16". */
  label: z.string(),
  runtime: RuntimeKindSchema,
  /** e.g. {serial, soc} of a board, {gpu} of a TensorRT engine, {file} of an imported results file. */
  runtimeDetail: JsonObject,
  dataset: z.string(),
  datasetName: z.string().nullable(),
  preprocess: JsonObject,
  conf: z.number().nullable(),
  iou: z.number().nullable(),
  maxDet: z.number().int().nullable(),
  /** The 12 pycocotools summary stats; -1 where pycocotools has no value (no GT in that area). */
  stats: z.array(z.number()).length(12),
  map: z.number(),
  map50: z.number(),
  perClass: z.array(PerClassApSchema),
  images: z.number().int(),
  latencyMs: z.number().nullable(),
  latencyWhere: LatencyWhereSchema.nullable(),
  /** `migrated`: converted from metrics stored before the ledger existed. */
  source: z.enum(['measured', 'migrated']),
  createdAt: z.string(),
});
export type EvaluationRecord = z.infer<typeof EvaluationRecordSchema>;

/** A run's headline AP for the runs table: its deployable variant on its most real runtime. */
export const ApHeadlineSchema = z.object({
  evaluationId: z.number().int(),
  variant: VariantSchema,
  label: z.string(),
  runtime: RuntimeKindSchema,
  map: z.number(),
  floatMap: z.number().nullable(),
  deltaMap: z.number().nullable(),
  budget: z.number(),
  overBudget: z.boolean(),
});
export type ApHeadline = z.infer<typeof ApHeadlineSchema>;

export const CompareQuerySchema = z
  .object({
    ids: z.array(RunIdSchema).min(1).max(200),
    /** Dataset fingerprint the reference and deltas are taken on (default: the reference record's). */
    dataset: z.string().min(1).max(128).optional(),
    includeCandidates: z.boolean().optional(),
  })
  .strict();
export type CompareQuery = z.infer<typeof CompareQuerySchema>;

/** `npu-workbench runs compare --json`: exactly the schema. */
export const CompareResultSchema = z.object({
  reference: z
    .object({ run: RunIdSchema, variant: VariantSchema, runtime: RuntimeKindSchema, map: z.number() })
    .nullable(),
  rows: z.array(
    z.object({
      run: RunIdSchema,
      variant: VariantSchema,
      runtime: RuntimeKindSchema,
      dataset: z.string(),
      map: z.number(),
      map50: z.number(),
      /** Against the fp32 reference on the same dataset; null on another dataset (never mixed). */
      delta_map: z.number().nullable(),
      delta_map50: z.number().nullable(),
      latency_ms: z.number().nullable(),
      latency_where: LatencyWhereSchema.nullable(),
      images: z.number().int(),
    }),
  ),
});
export type CompareResult = z.infer<typeof CompareResultSchema>;

/** The report-style table: variants as rows, runtimes as columns, AP and Δ in each cell. */
export const ApTableSchema = z.object({
  dataset: z.string().nullable(),
  reference: z.object({ run: RunIdSchema, runtime: RuntimeKindSchema, map: z.number() }).nullable(),
  runtimes: z.array(RuntimeKindSchema),
  rows: z.array(
    z.object({
      run: RunIdSchema,
      runName: z.string(),
      variant: VariantSchema,
      label: z.string(),
      cells: z.array(
        z.object({ evaluationId: z.number().int(), map: z.number(), deltaMap: z.number().nullable() }).nullable(),
      ),
    }),
  ),
  /** Records left out because they were measured on another dataset than the reference. */
  otherDataset: z.number().int(),
});
export type ApTable = z.infer<typeof ApTableSchema>;
