import { z } from 'zod';
import { RunConfigSchema } from './run-config';
import type { StageRegistry } from './stage-kind';

type JsonSchema = Record<string, unknown>;

function paramsSchema(params: z.ZodType): JsonSchema {
  try {
    // Refinements/transforms have no JSON Schema form; they stay server-side checks (config:check reports them).
    const schema = z.toJSONSchema(params, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    delete schema.$schema;
    return schema;
  } catch {
    return { type: 'object' };
  }
}

/**
 * The run YAML as one JSON Schema for monaco-yaml: the top-level keys from RunConfigSchema, and each stage as
 * one alternative per registered kind (its `kind` constant plus that kind's params), so completions and hovers
 * list every option of every backend stage that is registered.
 */
export function runConfigJsonSchema(registry: StageRegistry): JsonSchema {
  const base = z.toJSONSchema(RunConfigSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema & { properties: Record<string, JsonSchema> };
  const stages = registry.list().map((info) => {
    const params = paramsSchema(registry.get(info.kind)!.params);
    const props = (params.properties as Record<string, JsonSchema> | undefined) ?? {};
    return {
      type: 'object',
      title: info.title,
      description: info.description,
      properties: { kind: { const: info.kind, description: `${info.title}: ${info.description}` }, ...props },
      required: ['kind', ...((params.required as string[] | undefined) ?? [])],
      additionalProperties: params.additionalProperties ?? true,
    };
  });
  const describe: Record<string, string> = {
    name: 'Name shown in the runs table.',
    target: 'Chip the model is built for, e.g. rk3588, rk3568, rv1106, hi3519, orin; "host" for simulation only.',
    backend: 'Toolchain: sim (built-in int8 simulation), onnxruntime, rknn, atc, nnie or tensorrt.',
    model: 'Path of the .pt or .onnx model, relative to the workspace.',
    dataset: 'Path of the dataset (data.yaml of a YOLO dataset, or a COCO json).',
    tags: 'Labels to filter runs by.',
    stages: 'What the run does, in order. Each item has a kind and that kind’s options.',
  };
  for (const [key, text] of Object.entries(describe)) if (base.properties[key]) base.properties[key].description = text;
  base.properties.stages = { ...base.properties.stages, items: { anyOf: stages } };
  return base;
}
