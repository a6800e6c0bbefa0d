import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LetterboxPreset } from '../../src/main/core/data/letterbox';
import type { HeadKind } from '../../src/main/core/detect/detection-types';
import { evaluateOnnxModel } from '../../src/main/core/eval/evaluate-model';

/**
 * A COCO json (written into `imagesDir`, so `data` alone finds the images) over the first `count` images of that
 * folder whose ground truth is the model's own `perImage` best
 * detections. A seeded model scores ~0 on real labels, where every decode scores the same; against its own
 * detections it scores a real AP, which a path that feeds, decodes or maps boxes differently does not reproduce.
 */
export async function selfLabelledDataset(
  model: string,
  imagesDir: string,
  opts: { nc: number; count: number; preset?: LetterboxPreset; head?: HeadKind; perImage?: number },
): Promise<string> {
  const out = path.join(imagesDir, `${path.basename(model, '.onnx')}.self-labelled.json`);
  const files = readdirSync(imagesDir)
    .filter((f) => /\.(png|jpe?g)$/i.test(f))
    .sort()
    .slice(0, opts.count);
  const doc = {
    images: files.map((file_name, id) => ({ id, file_name })),
    categories: Array.from({ length: opts.nc }, (_, id) => ({ id, name: `c${id}` })),
    annotations: [] as object[],
  };
  writeFileSync(out, JSON.stringify(doc));
  const { detections } = await evaluateOnnxModel({
    model,
    dataset: out,
    imagesDir,
    preset: opts.preset,
    head: opts.head,
    strict: true,
  });
  const perImage = opts.perImage ?? 3;
  for (const id of doc.images.map((im) => im.id)) {
    const best = detections
      .filter((d) => d.image_id === id)
      .sort((a, b) => b.score - a.score)
      .slice(0, perImage);
    for (const d of best)
      doc.annotations.push({
        id: doc.annotations.length + 1,
        image_id: id,
        category_id: d.category_id,
        bbox: d.bbox,
        area: d.bbox[2] * d.bbox[3],
        iscrowd: 0,
      });
  }
  writeFileSync(out, JSON.stringify(doc));
  return out;
}
