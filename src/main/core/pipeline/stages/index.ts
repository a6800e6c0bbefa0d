import { boardEvalStage } from '../../vendors/rknn/board-eval-stage';
import { boardLatencyStage } from '../../vendors/rknn/board-latency-stage';
import type { StageKind } from '../stage-kind';
import { compareTrtStage, convertAtcStage, convertRknnStage, convertTrtStage } from './convert-stage';
import { analyseStage } from './analyse-stage';
import { envSnapshotStage } from './env-snapshot-stage';
import { evalStage } from './eval-stage';
import { exportStage } from './export-stage';
import { pythonScriptStage } from './python-script-stage';
import { rknnEvalStage } from '../../vendors/rknn/rknn-eval-stage';
import { rknnAccuracyStage, rknnBoardStage, rknnHybridStage } from '../../vendors/rknn/rknn-stages';
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
