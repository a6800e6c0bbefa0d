import { z } from 'zod';

export const AppInfoSchema = z.object({
  version: z.string(),
  mode: z.enum(['electron', 'browser']),
  workspace: z.string(),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const StageKindInfoSchema = z.object({ kind: z.string(), title: z.string(), description: z.string() });
export type StageKindInfo = z.infer<typeof StageKindInfoSchema>;

export const ValidationIssueSchema = z.object({
  path: z.string(),
  message: z.string(),
  line: z.number().int().nullable(),
});
export type ValidationIssue = z.infer<typeof ValidationIssueSchema>;

export const ConfigCheckSchema = z.object({ ok: z.boolean(), issues: z.array(ValidationIssueSchema) });
export type ConfigCheck = z.infer<typeof ConfigCheckSchema>;

export const ConfigTextSchema = z
  .object({
    configText: z.string().max(1_000_000),
    /** Also check that the input files and folders the stages name exist (Check and Launch, not while typing). */
    files: z.boolean().optional(),
  })
  .strict();

export const EmptySchema = z.object({}).strict().optional();
