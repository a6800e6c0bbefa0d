import { open } from 'node:fs/promises';
import { UserError } from '../../../errors/user-error';

export interface RknnModelInfo {
  path: string;
  badMagic: boolean;
  /** File format number after the magic (6 for toolkit2 2.x models), when the header has one. */
  formatVersion: number | null;
  /** `target_platform` from the model's embedded JSON, when it can be found. */
  targetPlatform: string | null;
}

const TAIL_BYTES = 256 * 1024;

/**
 * Reads what the doctor needs from a `.rknn` file without the toolkit. The magic `RKNN` is what the
 * runtime checks ("parseRKNN: invalid RKNN_MAGIC!"). The layout after it (u32 padding, u64 format
 * version, trailing JSON with target_platform) comes from third-party notes and is unconfirmed, so
 * every field is optional and a file that does not match simply yields nulls.
 */
export async function readRknnModelInfo(file: string): Promise<RknnModelInfo> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    throw new UserError(`${file}: model file not found`, 'Check the path to the .rknn file.', 'not_found');
  }
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(16, size));
    await handle.read(head, 0, head.length, 0);
    if (head.subarray(0, 4).toString('latin1') !== 'RKNN')
      return { path: file, badMagic: true, formatVersion: null, targetPlatform: null };
    const raw = head.length >= 16 ? Number(head.readBigUInt64LE(8)) : NaN;
    const tail = Buffer.alloc(Math.min(TAIL_BYTES, size));
    await handle.read(tail, 0, tail.length, size - tail.length);
    const platform = /"target_platform"\s*:\s*\[?\s*"([A-Za-z0-9_]+)"/.exec(tail.toString('latin1'))?.[1] ?? null;
    return {
      path: file,
      badMagic: false,
      formatVersion: Number.isInteger(raw) && raw > 0 && raw < 100 ? raw : null,
      targetPlatform: platform ? platform.toLowerCase() : null,
    };
  } finally {
    await handle.close();
  }
}
