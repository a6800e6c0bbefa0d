import type { VendorModule } from '../vendor-module';
import { parsePolygraphyLog } from './polygraphy-log';
import { tensorRtBackend } from './tensorrt-backend';
import { tensorRtDoctorChecks, trtexecTool } from './tensorrt-doctor';
import { tensorRtEvalStage } from './tensorrt-eval-stage';
import { compareTrtStage, convertTrtStage } from './tensorrt-stages';
import { TrtexecFlagsSchema } from './trtexec-options';
import { parseTrtDevice, parseTrtExportOutput } from './trtexec-output';
import { parseTrtConsole, parseTrtLayerInfo, parseTrtProfile } from './trtexec-reports';

/** NVIDIA TensorRT: trtexec builds, engine AP through trtexec, Polygraphy comparisons. */
export const tensorRtVendor: VendorModule = {
  id: 'tensorrt',
  title: 'NVIDIA TensorRT',
  backends: [tensorRtBackend],
  optionBlocks: { 'trtexec.flags': TrtexecFlagsSchema },
  stageKinds: [convertTrtStage, compareTrtStage, tensorRtEvalStage],
  driver: null,
  files: [
    { file: 'trtexec console', use: 'version, throughput and latency summary', parse: parseTrtConsole },
    { file: 'layers.json (--exportLayerInfo)', use: 'per-layer precision', parse: (t) => parseTrtLayerInfo(t) },
    { file: 'profile.json (--exportProfile)', use: 'per-layer time', parse: (t) => parseTrtProfile(t) },
    {
      file: 'out.json (--exportOutput)',
      use: 'engine outputs to decode',
      parse: (t) => parseTrtExportOutput(t, 'out.json'),
    },
    { file: 'trtexec device information', use: 'GPU name and compute capability', parse: parseTrtDevice },
    { file: 'polygraphy run log', use: 'TensorRT vs onnxruntime error per output', parse: parsePolygraphyLog },
  ],
  doctor: { tools: [trtexecTool], checks: tensorRtDoctorChecks },
};
