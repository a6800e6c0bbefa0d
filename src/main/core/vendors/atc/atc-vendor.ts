import { probeVersion } from '../../toolchains/doctor-check';
import type { VendorModule } from '../vendor-module';
import { parseDetResult } from '../../metrics/detresult-files';
import { atcBackend } from './atc-backend';
import { parseTextProto } from './atc-calibration-param';
import { AtcFlagsSchema, NnieCfgSchema } from './atc-options';
import { convertAtcStage } from './atc-stages';
import { hisiBoardEvalStage } from './hisi-board-eval-stage';

/** HiSilicon SVP: ATC (ONNX → .om) and the NNIE mapper's .cfg for older SoCs. */
export const atcVendor: VendorModule = {
  id: 'atc',
  title: 'HiSilicon SVP (ATC, NNIE)',
  backends: [atcBackend],
  optionBlocks: { 'atc.flags': AtcFlagsSchema, 'nnie.cfg': NnieCfgSchema },
  stageKinds: [convertAtcStage, hisiBoardEvalStage],
  driver: null,
  files: [
    {
      file: 'calibration_param.txt',
      use: 'per-layer quantization parameters to edit',
      parse: (t) => parseTextProto(t),
    },
    {
      file: '*_detResult.txt',
      use: "the board sample runner's boxes per image (hisi-board-eval; eval --dets FOLDER)",
      parse: (t) => parseDetResult(t, '*_detResult.txt'),
    },
  ],
  doctor: {
    tools: [
      {
        name: 'atc',
        executables: ['atc'],
        version: (file, env) => probeVersion(file, ['--version'], /version[:\s]+v?(\d[\w.-]*)/i, env),
        missing: 'HiSilicon SVP backend unavailable (source the SDK set_env.sh)',
      },
      {
        name: 'nnie_mapper',
        executables: ['nnie_mapper_12', 'nnie_mapper_11', 'nnie_mapper'],
        missing: 'NNIE (Hi3516DV300-class) mapping unavailable',
      },
    ],
    checks: () => [],
  },
};
