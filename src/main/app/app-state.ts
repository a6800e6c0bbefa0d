import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** What the desktop shell remembers between launches (not workspace data): window bounds and the chosen workspace. */
const AppStateSchema = z.object({
  bounds: z
    .object({
      x: z.number().optional(),
      y: z.number().optional(),
      width: z.number().min(400),
      height: z.number().min(300),
    })
    .optional(),
  maximized: z.boolean().optional(),
  workspace: z.string().optional(),
});
export type AppState = z.infer<typeof AppStateSchema>;

export function loadAppState(userData: string): AppState {
  try {
    return AppStateSchema.parse(JSON.parse(readFileSync(path.join(userData, 'app-state.json'), 'utf8')));
  } catch {
    return {};
  }
}

export function saveAppState(userData: string, state: AppState): void {
  mkdirSync(userData, { recursive: true });
  const file = path.join(userData, 'app-state.json');
  writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2));
  renameSync(`${file}.tmp`, file);
}
