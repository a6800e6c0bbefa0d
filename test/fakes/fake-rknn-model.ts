import { readFileSync, writeFileSync } from 'node:fs';

/**
 * A .rknn-shaped file for tests: magic, u32 pad, u64 format version, body, trailing JSON (third-party layout,
 * unconfirmed).
 */
export function fakeRknnFile(file: string, targetPlatform: string, formatVersion = 6): string {
  const head = Buffer.alloc(24);
  head.write('RKNN', 0, 'latin1');
  head.writeBigUInt64LE(BigInt(formatVersion), 8);
  const json = Buffer.from(JSON.stringify({ target_platform: [targetPlatform], version: '2.3.2' }));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  writeFileSync(file, Buffer.concat([head, Buffer.alloc(50_000, 3), len, json]));
  return file;
}

/** The trailing JSON of a .rknn the fake toolkit exported (RKNN, u32, u64 version, u64 + ONNX bytes, u64 + JSON). */
export function fakeToolkitRknnMeta(file: string): Record<string, unknown> {
  const data = readFileSync(file);
  const body = Number(data.readBigUInt64LE(16));
  const tail = Number(data.readBigUInt64LE(24 + body));
  return JSON.parse(data.subarray(32 + body, 32 + body + tail).toString('utf8')) as Record<string, unknown>;
}
