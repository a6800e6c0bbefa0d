import { z } from 'zod';
import { boardEventContract } from './board-contract';
import { LogLineSchema, RunStatusSchema, StageStatusSchema } from './run-schemas';

/** Every event main pushes to the UI, as `domain:event` → payload schema. */
export const eventContract = {
  'run:status': z.object({ runId: z.number().int(), status: RunStatusSchema, error: z.string().nullable() }),
  'run:progress': z.object({
    runId: z.number().int(),
    stageIndex: z.number().int(),
    kind: z.string(),
    status: StageStatusSchema,
    done: z.number(),
    total: z.number(),
    message: z.string().nullable(),
  }),
  'run:log': LogLineSchema.extend({ runId: z.number().int() }),
  'runs:changed': z.object({ runIds: z.array(z.number().int()) }),
  'board:devices': boardEventContract['board:devices'],
} as const;

export type EventContract = typeof eventContract;
export type EventName = keyof EventContract;
export type EventPayload<E extends EventName> = z.output<EventContract[E]>;

export const eventNames = Object.keys(eventContract) as EventName[];
