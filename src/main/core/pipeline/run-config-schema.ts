import { z } from 'zod';
import { RunConfigSchema, StageWhenSchema } from '../../../shared/contract';
import { vendorIds } from '../vendors';
import type { StageRegistry } from './stage-kind';

type JsonSchema = Record<string, unknown>;

/**
 * Drops `default: null` everywhere: yaml-language-server's completion turns defaults into insert text and throws on
 * null ("Cannot read properties of null (reading 'length')" in the console on Ctrl+Space after `- `).
 */
function withoutNullDefaults(node: unknown): void {
  if (Array.isArray(node)) node.forEach(withoutNullDefaults);
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (record.default === null) delete record.default;
    Object.values(record).forEach(withoutNullDefaults);
  }
}

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

/** `when:` of any stage: the toolkit it needs, one of the registered vendors. */
function whenSchema(): JsonSchema {
  const schema = paramsSchema(StageWhenSchema) as JsonSchema & { properties: Record<string, JsonSchema> };
  schema.description = 'Run this stage only where the condition holds; elsewhere it is skipped with the reason.';
  schema.properties.toolkit = { ...schema.properties.toolkit, enum: vendorIds() };
  return schema;
}

/**
 * The run YAML as one JSON Schema for monaco-yaml: the top-level keys from RunConfigSchema, and for each stage
 * the params of its kind, so completions and hovers list every option of every registered (backend) stage.
 */
export function runConfigJsonSchema(registry: StageRegistry): JsonSchema {
  const base = z.toJSONSchema(RunConfigSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema & {
    properties: Record<string, JsonSchema>;
  };
  const kinds = registry.list();
  // `kind` is an enum on the item itself, so completion offers every kind whatever else the item holds; each
  // kind's params apply through if/then, which is how yaml-language-server picks the right options to complete.
  const branches = kinds.map((info) => {
    const params = paramsSchema(registry.get(info.kind)!.params);
    const props = (params.properties as Record<string, JsonSchema> | undefined) ?? {};
    return {
      if: { properties: { kind: { const: info.kind } }, required: ['kind'] },
      then: {
        title: info.title,
        description: info.description,
        properties: { kind: { const: info.kind }, when: {}, ...props },
        required: ['kind', ...((params.required as string[] | undefined) ?? [])],
        additionalProperties: params.additionalProperties ?? true,
      },
    };
  });
  const items = {
    type: 'object',
    properties: {
      kind: {
        enum: kinds.map((k) => k.kind),
        description: 'What this stage does.',
        enumDescriptions: kinds.map((k) => `${k.title}: ${k.description}`),
      },
      when: whenSchema(),
    },
    required: ['kind'],
    allOf: branches,
  };
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
  base.properties.stages = { ...base.properties.stages, items };
  withoutNullDefaults(base);
  return base;
}
