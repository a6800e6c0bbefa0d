import type { VendorModule } from '../vendor-module';
import { rknnBoard } from './board/rknn-board';
import { boardEvalStage } from './board-eval-stage';
import { boardLatencyStage } from './board-latency-stage';
import { RKNN_DRIVER, rknnBackend } from './rknn-backend';
import { parseBenchmarkOutput } from './rknn-benchmark';
import { parseErrorAnalysis } from './rknn-error-analysis';
import { rknnDoctorChecks } from './rknn-doctor';
import { rknnEvalStage } from './rknn-eval-stage';
import { rknnToolkitMissing } from './rknn-toolkit-check';
import { RKNN_TARGET_PLATFORMS, RknnBuildSchema, RknnConfigSchema, RknnRuntimeSchema } from './rknn-options';
import { parseRknnPerf } from './rknn-perf';
import { parseQuantizationCfg } from './rknn-quantization-cfg';
import { convertRknnStage, rknnAccuracyStage, rknnBoardStage, rknnHybridStage } from './rknn-stages';

/** Rockchip rknn-toolkit2 (Python API) and the RKNPU2 runtime on boards over adb. */
export const rknnVendor: VendorModule = {
  id: 'rknn',
  title: 'Rockchip RKNN',
  backends: [rknnBackend],
  optionBlocks: { 'rknn.config': RknnConfigSchema, 'rknn.build': RknnBuildSchema, 'rknn.runtime': RknnRuntimeSchema },
  stageKinds: [
    convertRknnStage,
    rknnAccuracyStage,
    rknnHybridStage,
    rknnBoardStage,
    rknnEvalStage,
    boardEvalStage,
    boardLatencyStage,
  ],
  driver: RKNN_DRIVER,
  targets: RKNN_TARGET_PLATFORMS,
  files: [
    {
      file: 'error_analysis.txt',
      use: 'per-layer cosine/euclid errors (accuracy_analysis)',
      parse: parseErrorAnalysis,
    },
    { file: '<model>.quantization.cfg', use: 'hybrid quantization layers and dtypes', parse: parseQuantizationCfg },
    { file: 'eval_perf() text', use: 'board latency per op', parse: parseRknnPerf },
    { file: 'rknn_benchmark output', use: 'board latency statistics', parse: parseBenchmarkOutput },
  ],
  // rknn-toolkit2 is a Python package: the doctor checks the interpreter, adb is the doctor's own.
  doctor: { tools: [], checks: rknnDoctorChecks },
  board: rknnBoard,
  toolkitMissing: rknnToolkitMissing,
};
