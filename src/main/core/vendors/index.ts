import path from 'node:path';
import type { Settings } from '../../../shared/contract';
import type { StageKind } from '../pipeline/stage-kind';
import { whichAll } from '../toolchains/python-discovery';
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

/** The vendor ids a stage's `when: { toolkit }` can name. */
export function vendorIds(): string[] {
  return VENDORS.map((v) => v.id);
}

/**
 * Null when the vendor's toolkit is usable here, else what is missing: the vendor's own check, or by default its
 * main command-line tool (the doctor's first: atc, trtexec) on PATH with the settings' vendor runtime dirs, as the
 * stages run it.
 */
export async function vendorToolkitMissing(
  id: string,
  settings: Settings,
  signal?: AbortSignal,
): Promise<string | null> {
  const vendor = VENDORS.find((v) => v.id === id);
  if (!vendor) return `no vendor "${id}" (known: ${vendorIds().join(', ')})`;
  if (vendor.toolkitMissing) return vendor.toolkitMissing(settings, signal);
  const env = { ...process.env, PATH: [...settings.vendorRuntimeDirs, process.env.PATH ?? ''].join(path.delimiter) };
  const tool = vendor.doctor.tools[0];
  if (!tool || tool.executables.some((e) => whichAll(e, env).length > 0)) return null;
  return `${tool.name} is not on PATH`;
}

/** JSON Schemas of every vendor option block (rknn.config, atc.flags, trtexec.flags …) for the run editor. */
export function backendJsonSchemas(): Record<string, Record<string, unknown>> {
  return optionBlockJsonSchemas(Object.assign({}, ...VENDORS.map((v) => v.optionBlocks)));
}

// Vendor-specific pieces generic code calls by name: the rknn hybrid cfg (analysis proposals, the cfg editor).
export { checkHybridCfg } from './rknn/hybrid-cfg-check';
export { checkQuantizationCfgText, setCustomLayers } from './rknn/rknn-quantization-cfg';
export type { BoardReportRequest, HostToolkit, VendorBoard, VendorModule } from './vendor-module';
