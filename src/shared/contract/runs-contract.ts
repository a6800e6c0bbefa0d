import { z } from 'zod';
import { ConfigCheckSchema, EmptySchema } from './app-schemas';
import {
  LogLineSchema,
  RunCreateSchema,
  RunDetailSchema,
  RunIdSchema,
  RunLogQuerySchema,
  RunPageSchema,
  RunQuerySchema,
  RunRefSchema,
  RunRerunSchema,
  RunStartSchema,
  RunSummarySchema,
  RunUpdateSchema,
} from './run-schemas';

/** Distinct values over runs that are not deleted: what the filters offer and which metric columns exist. */
export const RunFacetsSchema = z.object({
  targets: z.array(z.string()),
  backends: z.array(z.string()),
  tags: z.array(z.string()),
  metricKeys: z.array(z.string()),
});
export type RunFacets = z.infer<typeof RunFacetsSchema>;

/** A model graph for the UI: ONNX nodes with the activation tensors they produce, and producer→consumer edges. */
export const GraphViewSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      opType: z.string(),
      outputs: z.array(z.string()),
      module: z.string().nullable(),
    }),
  ),
  edges: z.array(z.object({ source: z.string(), target: z.string(), tensor: z.string() })),
});
export type GraphView = z.infer<typeof GraphViewSchema>;

/** Every call on stored runs: create, run, inspect, organise, and what the runs views need. */
export const runsInvokeContract = {
  'runs:list': { input: RunQuerySchema, output: RunPageSchema },
  'runs:get': { input: RunRefSchema, output: RunDetailSchema },
  'runs:create': { input: RunCreateSchema, output: RunSummarySchema },
  'runs:start': { input: RunStartSchema, output: RunSummarySchema },
  /** Continues an interrupted, failed or cancelled run at its first stage that did not succeed. */
  'runs:resume': { input: RunStartSchema, output: RunSummarySchema },
  'runs:rerun': { input: RunRerunSchema, output: RunSummarySchema },
  'runs:cancel': { input: RunRefSchema, output: RunSummarySchema },
  'runs:update': { input: RunUpdateSchema, output: RunSummarySchema },
  'runs:delete': { input: RunRefSchema, output: z.object({ id: z.number().int() }) },
  'runs:restore': { input: RunRefSchema, output: RunSummarySchema },
  'runs:log': { input: RunLogQuerySchema, output: z.array(LogLineSchema) },
  'runs:facets': { input: EmptySchema, output: RunFacetsSchema },
  /** The newest live run made from exactly this config text (a CLI `run FILE --from/--resume` continues it). */
  'runs:findByConfig': {
    input: z.object({ configText: z.string().min(1).max(1_000_000) }).strict(),
    output: RunSummarySchema.nullable(),
  },
  /** A standalone Python script that replays the run with the vendor tools alone. */
  'runs:exportScript': {
    input: z.object({ id: RunIdSchema, baseDir: z.string().min(1).max(4096).optional() }).strict(),
    output: z.object({ script: z.string() }),
  },
  /** The ONNX graph a run analysed (its analysis summary's model, else the config's `model:`). */
  'runs:graph': { input: RunRefSchema, output: GraphViewSchema },
  /** Checks a hybrid cfg (`custom_quantize_layers: {layer: dtype}`) against the run's model, issues by line. */
  'runs:checkHybrid': {
    input: z.object({ id: RunIdSchema, text: z.string().max(1_000_000) }).strict(),
    output: ConfigCheckSchema.extend({ layers: z.record(z.string(), z.string()) }),
  },
} as const;
