import type { BoardReport, Settings } from '../../../../../shared/contract';
import type { AdbCallOptions } from '../../../board/adb-client';
import { AdbClient } from '../../../board/adb-client';
import { resolveAdbTarget } from '../../../board/adb-locate';
import { BoardError } from '../../../board/board-error';
import { boardReport } from './board-report';
import { detectHostToolkitVersion } from './host-toolkit';

export interface PreflightRequest extends AdbCallOptions {
  serial?: string;
  modelPath?: string;
  targetPlatform?: string;
  /** Host toolkit version; detected with the configured Python when omitted. */
  toolkitVersion?: string | null;
  /** Stop on the doctor's errors (default); false only logs them (rknn_benchmark does not need rknn_server). */
  blocking?: boolean;
}

/**
 * Checks a board before a long rknn-toolkit2 board run (accuracy analysis, board inference): the
 * doctor's errors stop the run at once, with the message the toolkit would print minutes later.
 */
export async function boardPreflight(
  settings: Settings,
  request: PreflightRequest,
  log: (text: string, stream?: 'stdout' | 'stderr') => void = () => undefined,
): Promise<BoardReport> {
  const adb = new AdbClient(resolveAdbTarget(settings));
  const toolkitVersion =
    request.toolkitVersion === undefined
      ? await detectHostToolkitVersion(settings, request.signal)
      : request.toolkitVersion;
  const report = await boardReport(adb, request.serial, { ...request, toolkitVersion });
  const server = `${report.rknnServer.version ?? 'missing'}${report.rknnServer.running ? '' : ' (not running)'}`;
  log(
    `board ${report.serial}: ${report.soc ?? 'unknown SoC'}, ${report.osVersion ?? report.os}, ` +
      `rknn_server ${server}, librknnrt ${report.librknnrt.version ?? 'missing'}, ` +
      `host rknn-toolkit2 ${toolkitVersion ?? 'unknown'}`,
  );
  const blocking = request.blocking ?? true;
  for (const p of report.problems)
    if (p.severity === 'warning' || (p.severity === 'error' && !blocking))
      log(`${p.severity}: ${p.message} Fix: ${p.fix}`, 'stderr');
  const errors = report.problems.filter((p) => p.severity === 'error');
  if (errors.length && blocking) {
    throw new BoardError(
      `Board ${report.serial} is not ready: ${errors[0].message}${
        errors.length > 1
          ? ` (and ${errors.length - 1} more: ${errors
              .slice(1)
              .map((e) => e.code)
              .join(', ')})`
          : ''
      }`,
      [...new Set(errors.map((e) => e.fix))].join(' '),
      'command_failed',
    );
  }
  return report;
}
