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
