import { z } from 'zod';

export const StageConfigSchema = z.looseObject({ kind: z.string().min(1) });

/** The run YAML the New-run editor edits and `npu-workbench run FILE` executes. */
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
