import type { BoardReport } from '../../../../../shared/contract';
import { nowIso } from '../../../store/time';
import type { AdbCallOptions, AdbClient } from '../../../board/adb-client';
import { diagnoseBoard } from './board-doctor';
import { probeBoard } from './rknpu-probe';
import { readRknnModelInfo } from './rknn-model-file';

export interface ReportOptions extends AdbCallOptions {
  toolkitVersion: string | null;
  modelPath?: string;
  targetPlatform?: string;
}

/** Probe + doctor: the board's facts and every problem found, ready for the CLI and the Board panel. */
export async function boardReport(
  adb: AdbClient,
  serial: string | undefined,
  options: ReportOptions,
): Promise<BoardReport> {
  const model = options.modelPath ? await readRknnModelInfo(options.modelPath) : undefined;
  const facts = await probeBoard(adb, serial, options);
  const targetPlatform = options.targetPlatform ?? model?.targetPlatform ?? null;
  const problems = diagnoseBoard(facts, {
    toolkitVersion: options.toolkitVersion,
    model:
      model || targetPlatform
        ? { path: model?.path, targetPlatform, formatVersion: model?.formatVersion ?? null, badMagic: model?.badMagic }
        : undefined,
  });
  return { ...facts, toolkitVersion: options.toolkitVersion, problems, probedAt: nowIso() };
}
