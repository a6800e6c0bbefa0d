import { z } from 'zod';

/** Workspace settings; every key is optional so a partial update validates. */
export const SettingsSchema = z
  .object({
    pythonPath: z.string().max(4096),
    adbPath: z.string().max(4096),
    adbServerPort: z.number().int().min(1).max(65535),
    vendorRuntimeDirs: z.array(z.string().max(4096)).max(32),
    threads: z.number().int().min(0).max(256),
    theme: z.enum(['system', 'light', 'dark']),
    baselineRunId: z.number().int().positive().nullable(),
  })
  .strict();
export type Settings = z.infer<typeof SettingsSchema>;

export const SettingsPatchSchema = SettingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const DEFAULT_SETTINGS: Settings = {
  pythonPath: '',
  adbPath: '',
  adbServerPort: 5037,
  vendorRuntimeDirs: [],
  threads: 0,
  theme: 'system',
  baselineRunId: null,
};
