import { vendorStageKinds } from '../../vendors';
import type { StageKind } from '../stage-kind';
import { analyseStage } from './analyse-stage';
import { envSnapshotStage } from './env-snapshot-stage';
import { evalStage } from './eval-stage';
import { exportStage } from './export-stage';
import { pythonScriptStage } from './python-script-stage';
import { surgeryStage } from './surgery-stage';

/** Every stage kind the product ships: the vendor-neutral ones, then each registered vendor's. */
export const builtinStageKinds: StageKind<unknown>[] = [
  envSnapshotStage,
  pythonScriptStage,
  evalStage,
  analyseStage,
  exportStage,
  surgeryStage,
  ...vendorStageKinds(),
];
