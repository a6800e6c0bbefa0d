import { z } from 'zod';
import { VariantSchema } from '../../../../shared/contract';
import { timeoutParam } from '../../pipeline/stages/toolchain-stage';
import { BoardLinkSchema, RemotePathSchema } from './hisi-board-link';
import { RunnerSchema } from './hisi-runner';

/** `- kind: hisi-board-eval`: the .om, the dataset, the board and its sample runner. */
export const HisiBoardEvalParamsSchema = z
  .object({
    model: z.string().min(1).describe('the .om: a path, or artifact:atc-om from a convert-atc stage of this run'),
    data: z.string().min(1).describe('dataset: images folder with labels/, data.yaml, COCO json, or demo'),
    images: z.string().min(1).optional(),
    limit: z.number().int().positive().optional(),
    board: BoardLinkSchema,
    runner: RunnerSchema,
    remoteDir: RemotePathSchema.default('npu-workbench').describe('upload folder on the board (relative: to home)'),
    /** The SoC for the record; default: what the board reports, else the convert-atc stage's soc_version. */
    soc: z.string().min(1).optional(),
    /** What the .om is, for the AP ledger; default: from the convert-atc stage that built it, else w8a8. */
    variant: VariantSchema.optional(),
    keepRemote: z.boolean().default(false).describe('leave the upload folder on the board'),
    timeoutSec: timeoutParam,
  })
  .strict();
export type HisiBoardEvalParams = z.output<typeof HisiBoardEvalParamsSchema>;
