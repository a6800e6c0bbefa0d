import { z } from 'zod';
import { AtcFlagsSchema, NnieCfgSchema } from './atc/atc-options';
import { RknnBuildSchema, RknnConfigSchema, RknnRuntimeSchema } from './rknn/rknn-options';
import { TrtexecFlagsSchema } from './tensorrt/trtexec-options';

export * from './atc/atc-options';
export * from './rknn/rknn-options';
export * from './tensorrt/trtexec-options';

/** Every backend option block the editor knows, by the YAML key it appears under in a stage. */
export const backendOptionSchemas = {
  'rknn.config': RknnConfigSchema,
  'rknn.build': RknnBuildSchema,
  'rknn.runtime': RknnRuntimeSchema,
  'atc.flags': AtcFlagsSchema,
  'nnie.cfg': NnieCfgSchema,
  'trtexec.flags': TrtexecFlagsSchema,
} as const;
export type BackendOptionBlock = keyof typeof backendOptionSchemas;

/** JSON Schemas (draft 2020-12) for monaco-yaml: descriptions become hovers, enums and defaults completions. */
export function backendJsonSchemas(): Record<BackendOptionBlock, Record<string, unknown>> {
  const entries = Object.entries(backendOptionSchemas).map(([k, s]): [string, Record<string, unknown>] => [
    k,
    { ...z.toJSONSchema(s, { io: 'input' }) },
  ]);
  return Object.fromEntries(entries) as Record<BackendOptionBlock, Record<string, unknown>>;
}

/**
 * The option block as a stage param: every key optional, and parsing returns only what the user wrote
 * (the vendor defaults are kept as JSON-Schema `default` annotations for the editor, not applied), so an
 * older toolkit never receives a keyword it does not know. Enums and descriptions stay in the schema.
 */
export function asGiven<T extends z.ZodObject>(schema: T): z.ZodType<Partial<z.output<T>>> {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([key, field]) => {
      const f = field as z.ZodType;
      if (!(f instanceof z.ZodDefault)) return [key, f.optional()];
      const meta: Record<string, unknown> = { default: f.def.defaultValue };
      if (f.description) meta.description = f.description;
      return [key, (f.unwrap() as z.ZodType).optional().meta(meta)];
    }),
  );
  return z.object(shape).strict() as unknown as z.ZodType<Partial<z.output<T>>>;
}
