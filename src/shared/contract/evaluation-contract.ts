import { z } from 'zod';
import {
  ApTableSchema,
  CompareQuerySchema,
  CompareResultSchema,
  EvaluationRecordSchema,
  PerClassApSchema,
} from './evaluation-schemas';
import { PrCurvesSchema } from './eval-contract';
import { RunIdSchema } from './run-schemas';

export const EvaluationCurvesSchema = z.object({
  evaluationId: z.number().int(),
  perClass: z.array(PerClassApSchema),
  prCurves: PrCurvesSchema.nullable(),
});
export type EvaluationCurves = z.infer<typeof EvaluationCurvesSchema>;

/** The AP ledger: records of runs, compare across runs, the report-style AP table, one record's curves. */
export const evaluationInvokeContract = {
  /** Every AP record of the runs (PR curves left out; see eval:curves). */
  'runs:evaluations': {
    input: z.object({ ids: z.array(RunIdSchema).min(1).max(200), includeCandidates: z.boolean().optional() }).strict(),
    output: z.array(EvaluationRecordSchema),
  },
  /** `npu-workbench runs compare`: rows against the fp32 reference on the same dataset. */
  'runs:compare': { input: CompareQuerySchema, output: CompareResultSchema },
  /** `npu-workbench ap-table`: variants × runtimes. */
  'runs:apTable': { input: CompareQuerySchema, output: ApTableSchema },
  /** Per-class AP and PR curves of one evaluation record. */
  'eval:curves': { input: z.object({ id: z.number().int().positive() }).strict(), output: EvaluationCurvesSchema },
} as const;
