import { z } from 'zod';
import { AtcFlagsSchema, NnieCfgSchema } from './atc-options';
import { RknnBuildSchema, RknnConfigSchema, RknnRuntimeSchema } from './rknn-options';
import { TrtexecFlagsSchema } from './trtexec-options';

export * from './atc-options';
export * from './rknn-options';
export * from './trtexec-options';

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
  const entries = Object.entries(backendOptionSchemas).map(([k, s]): [string, Record<string, unknown>] => [k, { ...z.toJSONSchema(s, { io: 'input' }) }]);
  return Object.fromEntries(entries) as Record<BackendOptionBlock, Record<string, unknown>>;
}

/**
 * Validates an option block against `schema` (all keys optional) but returns only what the user wrote:
 * the schema's defaults document the vendor's defaults for the editor, they are not passed on, so an
 * older toolkit never receives a keyword it does not know.
 */
export function asGiven<T extends z.ZodObject>(schema: T): z.ZodType<Partial<z.output<T>>> {
  const check = schema.partial();
  return z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
    const result = check.safeParse(value);
    if (!result.success) for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path as (string | number)[] });
  }) as unknown as z.ZodType<Partial<z.output<T>>>;
}
