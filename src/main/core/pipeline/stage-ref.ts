import { UserError } from '../errors/user-error';
import type { Workspace } from '../workspace/workspace';

/** `--from 3` (1-based position) or `--from convert-rknn` (the first stage of that kind) → 0-based index. */
export function resolveStageRef(ref: string, kinds: string[], what = 'the run'): number {
  const trimmed = ref.trim();
  if (/^\d+$/.test(trimmed)) {
    const n = Number(trimmed);
    if (n >= 1 && n <= kinds.length) return n - 1;
    throw new UserError(
      `Stage ${n} does not exist in ${what} (it has ${kinds.length} stages)`,
      `Use 1–${kinds.length} or a stage kind: ${kinds.join(', ')}.`,
      'invalid_input',
    );
  }
  const index = kinds.indexOf(trimmed);
  if (index < 0)
    throw new UserError(
      `${what} has no stage "${trimmed}"`,
      `Use a stage number (1–${kinds.length}) or one of: ${kinds.join(', ')}.`,
      'invalid_input',
    );
  return index;
}

/** The newest run made from exactly this config text: `run FILE --from/--resume` continues it. */
export function latestRunWithConfig(workspace: Workspace, configText: string): number | null {
  const row = workspace.db
    .prepare('SELECT id FROM runs WHERE config_text = ? AND deleted_at IS NULL ORDER BY id DESC LIMIT 1')
    .get(configText) as { id: number } | undefined;
  return row?.id ?? null;
}
