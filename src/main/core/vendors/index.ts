import type { StageKind } from '../pipeline/stage-kind';
import { atcVendor } from './atc/atc-vendor';
import { optionBlockJsonSchemas } from './option-blocks';
import { rknnVendor } from './rknn/rknn-vendor';
import { tensorRtVendor } from './tensorrt/tensorrt-vendor';
import type { VendorBoard, VendorModule } from './vendor-module';

/**
 * The registry of vendors: generic code (pipeline, API, CLI) reaches a vendor only through this file.
 * A new vendor is one folder next to these plus one line here (see README.md in this folder).
 */
export const VENDORS: readonly VendorModule[] = [rknnVendor, atcVendor, tensorRtVendor];

/** Every vendor's stage kinds, in registry order. */
export function vendorStageKinds(): StageKind<unknown>[] {
  return VENDORS.flatMap((v) => v.stageKinds);
}

/** The targets a backend's toolkit builds for (`rknn` → rk3588, rv1106 …), or null when it keeps no list. */
export function vendorTargets(backend: string): readonly string[] | null {
  return VENDORS.find((v) => v.id === backend)?.targets ?? null;
}

/** The board pieces behind the Board page and `npu-workbench board …` (RKNPU2: the one vendor with boards). */
export function boardVendor(): VendorBoard {
  const board = VENDORS.find((v) => v.board)?.board;
  if (!board) throw new Error('No registered vendor provides board support');
  return board;
}

/** JSON Schemas of every vendor option block (rknn.config, atc.flags, trtexec.flags …) for the run editor. */
export function backendJsonSchemas(): Record<string, Record<string, unknown>> {
  return optionBlockJsonSchemas(Object.assign({}, ...VENDORS.map((v) => v.optionBlocks)));
}

// Vendor-specific pieces generic code calls by name: the rknn hybrid cfg (analysis proposals, the cfg editor).
export { checkHybridCfg } from './rknn/hybrid-cfg-check';
export { checkQuantizationCfgText, setCustomLayers } from './rknn/rknn-quantization-cfg';
export type { BoardReportRequest, VendorBoard, VendorModule } from './vendor-module';
