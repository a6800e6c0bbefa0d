import { boardEvalStage } from '../../board/board-eval-stage';
import { boardLatencyStage } from '../../board/board-latency-stage';
import type { StageKind } from '../stage-kind';
import { compareTrtStage, convertAtcStage, convertRknnStage, convertTrtStage } from './convert-stages';
import { analyseStage } from './analyse-stage';
import { envSnapshotStage } from './env-snapshot-stage';
import { evalStage } from './eval-stage';
import { exportStage } from './export-stage';
import { pythonScriptStage } from './python-script-stage';
import { rknnEvalStage } from './rknn-eval-stage';
import { rknnAccuracyStage, rknnBoardStage, rknnHybridStage } from './rknn-stages';
import { surgeryStage } from './surgery-stage';

/** Conversion pipeline stages (issue 5): export, surgery, convert-<backend>, rknn analysis/hybrid/board. */
const toolchainStageKinds = [
  exportStage,
  surgeryStage,
  convertRknnStage,
  convertAtcStage,
  convertTrtStage,
  compareTrtStage,
  rknnAccuracyStage,
  rknnHybridStage,
  rknnBoardStage,
  rknnEvalStage,
];

/** Every stage kind the product ships; backends append theirs here. */
export const builtinStageKinds: StageKind<unknown>[] = [
  envSnapshotStage,
  pythonScriptStage,
  evalStage,
  boardLatencyStage,
  boardEvalStage,
  analyseStage,
  ...toolchainStageKinds,
];
