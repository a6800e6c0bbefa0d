import { readFile, writeFile } from 'node:fs/promises';
import { UserError } from '../errors/user-error';

/** NumPy .npy v1.0: magic, version, little-endian header length, a Python-dict header padded to 64 bytes. */
function npyHeader(descr: string, shape: number[]): Buffer {
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const unpadded = 10 + dict.length + 1;
  const header = Buffer.from(`${dict}${' '.repeat((64 - (unpadded % 64)) % 64)}\n`, 'latin1');
  const prefix = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 0, 0]);
  prefix.writeUInt16LE(header.length, 8);
  return Buffer.concat([prefix, header]);
}

export async function writeNpyUint8(file: string, data: Uint8Array, shape: number[]): Promise<void> {
  await writeFile(file, Buffer.concat([npyHeader('|u1', shape), Buffer.from(data.buffer, data.byteOffset, data.byteLength)]));
}

/** Reads a little-endian float32 (or float64, converted) C-order array, as rknn inference outputs are saved. */
export async function readNpyFloat32(file: string): Promise<{ data: Float32Array; shape: number[] }> {
  const buf = await readFile(file);
  if (buf.length < 10 || buf.toString('latin1', 1, 6) !== 'NUMPY') throw new UserError(`${file} is not a .npy file`, 'The driver writes outputs with numpy.save; re-run the stage.', 'failed');
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.toString('latin1', start, start + headerLen);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const shape = (/'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '').split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (/'fortran_order':\s*True/.test(header)) throw new UserError(`${file}: Fortran-ordered arrays are not supported`, undefined, 'failed');
  const body = buf.subarray(start + headerLen);
  const copy = new Uint8Array(body.length);
  copy.set(body);
  if (descr === '<f4') return { data: new Float32Array(copy.buffer), shape };
  if (descr === '<f8') return { data: Float32Array.from(new Float64Array(copy.buffer)), shape };
  throw new UserError(`${file}: dtype ${descr} is not float32/float64`, undefined, 'failed');
}
