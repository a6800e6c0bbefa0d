import type { VendorModule } from '../vendor-module';
import { atcBackend } from './atc-backend';
import { parseTextProto } from './atc-calibration-param';
import { AtcFlagsSchema, NnieCfgSchema } from './atc-options';
import { convertAtcStage } from './atc-stages';

/** HiSilicon SVP: ATC (ONNX → .om) and the NNIE mapper's .cfg for older SoCs. */
export const atcVendor: VendorModule = {
  id: 'atc',
  title: 'HiSilicon SVP (ATC, NNIE)',
  backends: [atcBackend],
  optionBlocks: { 'atc.flags': AtcFlagsSchema, 'nnie.cfg': NnieCfgSchema },
  stageKinds: [convertAtcStage],
  driver: null,
  files: [
    {
      file: 'calibration_param.txt',
      use: 'per-layer quantization parameters to edit',
      parse: (t) => parseTextProto(t),
    },
  ],
};
