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

/**
 * When a stage runs: `toolkit: rknn` runs it only where that vendor's toolkit is installed; elsewhere it is skipped
 * with the reason (the run still succeeds), so one run file serves machines with and without the toolkit.
 */
export const StageWhenSchema = z
  .object({ toolkit: z.string().min(1).describe('Vendor whose toolkit must be installed (rknn, atc, tensorrt).') })
  .strict();
export type StageWhen = z.output<typeof StageWhenSchema>;

/** A stage of a run config: its kind, an optional condition, and that kind's params (each kind validates its own). */
export const StageConfigSchema = z.looseObject({ kind: z.string().min(1), when: StageWhenSchema.optional() });

/**
 * A stage that needs no re-run: it succeeded, or its `when:` did not hold (skipped with the reason in `message`;
 * stages skipped after a failure carry none).
 */
export function stageDone(stage: Pick<Stage, 'status' | 'message'>): boolean {
  return stage.status === 'succeeded' || (stage.status === 'skipped' && stage.message !== null);
}

/** The run config the New-run editor edits (as YAML) and the CLI builds from flags (as an object). */
export const RunConfigSchema = z
  .object({
    name: z.string().min(1).max(200),
    target: z.string().min(1).max(64).default('host'),
    backend: z.string().min(1).max(64).default('sim'),
    model: z.string().optional(),
    dataset: z.string().optional(),
    tags: z.array(z.string().min(1).max(64)).default([]),
    notes: z.string().optional(),
    stages: z.array(StageConfigSchema).min(1, 'A run needs at least one stage'),
  })
  .loose();
export type RunConfig = z.output<typeof RunConfigSchema>;
export type RunConfigInput = z.input<typeof RunConfigSchema>;

/** Absolute folder a run's relative paths resolve against; remembered with the run for resume and export-script. */
const BaseDirSchema = z.string().min(1).max(4096);

/**
 * A new run from YAML text (the editor) or from a config object (front ends that build it from options: stored as
 * YAML, but never parsed back in the process that built it). `start` queues it at once.
 */
export const RunCreateSchema = z
  .object({
    configText: z.string().min(1).max(1_000_000).optional(),
    config: RunConfigSchema.optional(),
    parentRunId: RunIdSchema.optional(),
    start: z.boolean().optional(),
    baseDir: BaseDirSchema.optional(),
  })
  .strict()
  .refine((r) => (r.configText === undefined) !== (r.config === undefined), {
    message: 'Give either configText or config',
  });
export type RunCreate = z.input<typeof RunCreateSchema>;

/** Starts a run from its first stage; also the input of `runs:resume` (at its first stage that did not succeed). */
export const RunStartSchema = z.object({ id: RunIdSchema, baseDir: BaseDirSchema.optional() }).strict();

/** Re-runs a run from a stage (0-based); the stages before it are kept. */
export const RunRerunSchema = z
  .object({ id: RunIdSchema, fromStage: z.number().int().min(0), baseDir: BaseDirSchema.optional() })
  .strict();
export type RunRerun = z.infer<typeof RunRerunSchema>;

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
