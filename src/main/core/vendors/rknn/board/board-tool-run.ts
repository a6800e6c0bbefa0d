import type { BoardReport, Settings } from '../../../../../shared/contract';
import type { ToolRun } from '../../../toolchains/backend';
import { adbEnvFor, resolveAdbTarget } from '../../../board/adb-locate';
import { boardPreflight, type PreflightRequest } from './board-preflight';

export interface BoardToolRun {
  /** The doctor's report of the board the run uses (its serial is the toolkit's device_id). */
  report: BoardReport;
  /** The tool run with the workbench's adb binary first on PATH and its server port. */
  run: ToolRun;
}

/**
 * Before a toolkit run on a board: the doctor first, so a missing, unauthorized or mismatched board
 * fails at once in plain words instead of minutes later inside the toolkit; then the toolkit gets the
 * workbench's adb and server port, so both use one adb server and never restart each other's.
 */
export async function prepareBoardToolRun(
  settings: Settings,
  run: ToolRun,
  request: PreflightRequest,
  log: (text: string, stream?: 'stdout' | 'stderr') => void,
): Promise<BoardToolRun> {
  const report = await boardPreflight(settings, { signal: run.signal, ...request }, log);
  const adbEnv = adbEnvFor(resolveAdbTarget(settings), { ...process.env, ...run.env });
  return { report, run: { ...run, env: { ...run.env, ...adbEnv } } };
}
