import { readFile, writeFile } from 'node:fs/promises';
import { UserError } from '../errors/user-error';
import { halfBitsToFloat } from '../onnx/float16';

type NpyDtype = '|u1' | '<f4';

/** Writes a NumPy .npy (format 1.0, C order): the input format rknn `inference()` reads from disk. */
export async function writeNpy(
  file: string,
  dtype: NpyDtype,
  shape: readonly number[],
  data: Uint8Array | Float32Array,
): Promise<void> {
  const shapeText = `${shape.join(', ')}${shape.length === 1 ? ',' : ''}`;
  const dict = `{'descr': '${dtype}', 'fortran_order': False, 'shape': (${shapeText}), }`;
  const unpadded = 10 + dict.length + 1;
  const header = `${dict}${' '.repeat((64 - (unpadded % 64)) % 64)}\n`;
  const head = Buffer.alloc(10);
  head.writeUInt8(0x93, 0);
  head.write('NUMPY', 1, 'latin1');
  head.writeUInt8(1, 6);
  head.writeUInt8(0, 7);
  head.writeUInt16LE(header.length, 8);
  await writeFile(
    file,
    Buffer.concat([head, Buffer.from(header, 'latin1'), Buffer.from(data.buffer, data.byteOffset, data.byteLength)]),
  );
}

/** Reads a float32 (or float16/float64, converted) .npy written by numpy, format 1.x–3.x. */
export async function readNpyFloat32(file: string): Promise<{ dims: number[]; data: Float32Array }> {
  const buf = await readFile(file);
  if (buf.length < 10 || buf.readUInt8(0) !== 0x93 || buf.toString('latin1', 1, 6) !== 'NUMPY')
    throw new UserError(
      `${file}: not a .npy file`,
      'The board run should write numpy arrays; check the stage log.',
      'failed',
    );
  const major = buf.readUInt8(6);
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.toString('latin1', start, start + headerLen);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || shape === undefined || /'fortran_order':\s*True/.test(header))
    throw new UserError(
      `${file}: unsupported .npy header ${header.trim()}`,
      'Expected a C-order float array.',
      'failed',
    );
  const dims = shape
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  const count = dims.reduce((a, b) => a * b, 1);
  const body = buf.subarray(start + headerLen);
  const data = new Float32Array(count);
  if (descr === '<f4') for (let i = 0; i < count; i++) data[i] = body.readFloatLE(i * 4);
  else if (descr === '<f8') for (let i = 0; i < count; i++) data[i] = body.readDoubleLE(i * 8);
  else if (descr === '<f2') for (let i = 0; i < count; i++) data[i] = halfBitsToFloat(body.readUInt16LE(i * 2));
  else
    throw new UserError(
      `${file}: .npy dtype ${descr} is not a float type`,
      'Request float outputs from the runtime.',
      'failed',
    );
  return { dims, data };
}
