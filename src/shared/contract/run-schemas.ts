import { z } from 'zod';
import { ApHeadlineSchema } from './evaluation-schemas';

/**
 * Lifecycle of a run; `created` is saved but not started; `interrupted` is set at open for runs a crash left `running`.
 */
export const RunStatusSchema = z.enum([
  'created',
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'interrupted',
]);
export type RunStatus = z.infer<typeof RunStatusSchema>;

export const StageStatusSchema = z.enum([
  'pending',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'skipped',
  'interrupted',
]);
export type StageStatus = z.infer<typeof StageStatusSchema>;

export const BackendSchema = z.enum(['sim', 'onnxruntime', 'rknn', 'atc', 'nnie', 'tensorrt']);
export type Backend = z.infer<typeof BackendSchema>;

export const RunIdSchema = z.number().int().positive();

export const RunSummarySchema = z.object({
  id: RunIdSchema,
  name: z.string(),
  target: z.string(),
  backend: z.string(),
  status: RunStatusSchema,
  tags: z.array(z.string()),
  archived: z.boolean(),
  parentRunId: RunIdSchema.nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
  metrics: z.record(z.string(), z.number()),
  /** Headline AP from the evaluation ledger (runs:list fills it; null when the run measured no AP). */
  ap: ApHeadlineSchema.nullable().optional(),
  deletedAt: z.string().nullable().optional(),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;

export const RunSortSchema = z.enum(['created_desc', 'created_asc', 'name_asc']);

export const RunQuerySchema = z
  .object({
    text: z.string().max(200).optional(),
    target: z.string().max(64).optional(),
    backend: z.string().max(64).optional(),
    status: RunStatusSchema.optional(),
    tag: z.string().max(64).optional(),
    includeArchived: z.boolean().optional(),
    /** Only deleted runs (kept until purged), instead of the live ones. */
    deleted: z.boolean().optional(),
    sort: RunSortSchema.optional(),
    limit: z.number().int().min(1).max(20000).optional(),
    offset: z.number().int().min(0).optional(),
  })
  .strict();
export type RunQuery = z.infer<typeof RunQuerySchema>;

export const RunPageSchema = z.object({ rows: z.array(RunSummarySchema), total: z.number().int() });
export type RunPage = z.infer<typeof RunPageSchema>;

export const StageSchema = z.object({
  id: z.number().int(),
  runId: RunIdSchema,
  index: z.number().int(),
  kind: z.string(),
  status: StageStatusSchema,
  progressDone: z.number(),
  progressTotal: z.number(),
  message: z.string().nullable(),
  logFile: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
});
export type Stage = z.infer<typeof StageSchema>;

export const ArtifactSchema = z.object({
  id: z.number().int(),
  runId: RunIdSchema,
  kind: z.string(),
  path: z.string(),
  sha256: z.string(),
  bytes: z.number().int(),
  createdAt: z.string(),
});
export type Artifact = z.infer<typeof ArtifactSchema>;

export const ClassMetricSchema = z.object({
  classId: z.number().int(),
  className: z.string(),
  key: z.string(),
  value: z.number(),
});
export type ClassMetric = z.infer<typeof ClassMetricSchema>;

export const RunDetailSchema = RunSummarySchema.extend({
  configText: z.string(),
  envSnapshot: z.record(z.string(), z.unknown()).nullable(),
  stages: z.array(StageSchema),
  artifacts: z.array(ArtifactSchema),
  classMetrics: z.array(ClassMetricSchema),
});
export type RunDetail = z.infer<typeof RunDetailSchema>;

export const RunCreateSchema = z
  .object({
    configText: z.string().min(1).max(1_000_000),
    parentRunId: RunIdSchema.optional(),
    start: z.boolean().optional(),
  })
  .strict();
export type RunCreate = z.infer<typeof RunCreateSchema>;

export const RunUpdateSchema = z
  .object({
    id: RunIdSchema,
    name: z.string().min(1).max(200).optional(),
    tags: z.array(z.string().min(1).max(64)).max(50).optional(),
    archived: z.boolean().optional(),
  })
  .strict();
export type RunUpdate = z.infer<typeof RunUpdateSchema>;

export const RunRefSchema = z.object({ id: RunIdSchema }).strict();
export type RunRef = z.infer<typeof RunRefSchema>;

export const RunLogQuerySchema = z
  .object({
    id: RunIdSchema,
    stageIndex: z.number().int().min(0).optional(),
    tail: z.number().int().min(1).max(100000).optional(),
  })
  .strict();
export type RunLogQuery = z.infer<typeof RunLogQuerySchema>;

/** `seq`: the line's index in its stage's log, the same in stored lines and in run:log events (merging them). */
export const LogLineSchema = z.object({
  stageIndex: z.number().int(),
  seq: z.number().int().min(0),
  stream: z.enum(['stdout', 'stderr', 'info']),
  text: z.string(),
});
export type LogLine = z.infer<typeof LogLineSchema>;
