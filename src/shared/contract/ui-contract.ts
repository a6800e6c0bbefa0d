import { z } from 'zod';
import { ConfigCheckSchema, EmptySchema } from './app-schemas';
import { RunIdSchema, RunSummarySchema } from './run-schemas';

/** Distinct values over runs that are not deleted: what the filters offer and which metric columns exist. */
export const RunFacetsSchema = z.object({
  targets: z.array(z.string()),
  backends: z.array(z.string()),
  tags: z.array(z.string()),
  metricKeys: z.array(z.string()),
});
export type RunFacets = z.infer<typeof RunFacetsSchema>;

export const RunRerunSchema = z.object({ id: RunIdSchema, fromStage: z.number().int().min(0) }).strict();
export type RunRerun = z.infer<typeof RunRerunSchema>;

/** A JSON Schema document (draft 2020-12), e.g. the run YAML schema monaco-yaml validates and completes against. */
export const JsonSchemaDocSchema = z.record(z.string(), z.unknown());

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

/** Calls the workbench UI needs beyond the core run calls. */
export const uiInvokeContract = {
  'runs:facets': { input: EmptySchema, output: RunFacetsSchema },
  'runs:rerun': { input: RunRerunSchema, output: RunSummarySchema },
  'config:schema': { input: EmptySchema, output: JsonSchemaDocSchema },
  /** The ONNX graph a run analysed (its analysis summary's model, else the config's `model:`). */
  'runs:graph': { input: z.object({ id: RunIdSchema }).strict(), output: GraphViewSchema },
  /** Checks a hybrid cfg (`custom_quantize_layers: {layer: dtype}`) against the run's model, issues by line. */
  'runs:checkHybrid': {
    input: z.object({ id: RunIdSchema, text: z.string().max(1_000_000) }).strict(),
    output: ConfigCheckSchema.extend({ layers: z.record(z.string(), z.string()) }),
  },
} as const;
