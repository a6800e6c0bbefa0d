import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { GraphBuilder } from '../../src/main/core/onnx/graph-builder';
import { encodeOnnx } from '../../src/main/core/onnx/onnx-model';

function weights(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return (s / 2 ** 31 - 0.5) * 0.6;
  });
}

/**
 * Writes a small conv net (torch-export-style module names, 3 blocks) and a folder of synthetic calibration
 * images into `dir`, so an `analyse` stage runs for real in a few seconds.
 */
export async function writeTinyAnalysisProject(dir: string): Promise<{ model: string; calib: string }> {
  const b = new GraphBuilder(13);
  let x = b.input('images', [1, 3, 32, 32]);
  let channels = 3;
  [8, 16, 16].forEach((out, i) => {
    const scope = `/model.${i}`;
    const conv = b.op(
      'Conv',
      [
        x,
        b.init(`model.${i}.conv.weight`, [out, channels, 3, 3], weights(out * channels * 9, i + 1)),
        b.init(`model.${i}.conv.bias`, [out], weights(out, i + 7)),
      ],
      { kernel_shape: [3, 3], pads: [1, 1, 1, 1] },
      `${scope}/conv`,
    );
    const act = b.op('Sigmoid', [conv], {}, `${scope}/act`);
    x = b.op('Mul', [conv, act], {}, `${scope}/act`);
    channels = out;
  });
  const head = b.op(
    'Conv',
    [x, b.init('model.3.weight', [4, channels, 1, 1], weights(4 * channels, 11))],
    { kernel_shape: [1, 1] },
    '/model.3/cv',
  );
  b.output(b.op('Sigmoid', [head], {}, '/model.3'));
  writeFileSync(path.join(dir, 'tiny.onnx'), encodeOnnx(b.build()));
  const calib = path.join(dir, 'calib');
  mkdirSync(calib, { recursive: true });
  for (let i = 0; i < 6; i++) {
    const pixels = Buffer.from(Array.from({ length: 48 * 48 * 3 }, (_, p) => (p * (i + 3) * 37 + i * 101) % 256));
    await sharp(pixels, { raw: { width: 48, height: 48, channels: 3 } })
      .png()
      .toFile(path.join(calib, `img${i}.png`));
  }
  return { model: 'tiny.onnx', calib: 'calib' };
}
