import { boardLatencyStage } from '../../board/board-latency-stage';
import type { StageKind } from '../stage-kind';
import { envSnapshotStage } from './env-snapshot-stage';
import { pythonScriptStage } from './python-script-stage';

/** Every stage kind the product ships; backends append theirs here. */
export const builtinStageKinds: StageKind<unknown>[] = [envSnapshotStage, pythonScriptStage, boardLatencyStage];
