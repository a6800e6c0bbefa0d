import { copyFile, link, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ensureDemoDataset } from '../../data/demo-dataset';
import { loadDetectionDataset } from '../../data/load-dataset';
import { UserError } from '../../errors/user-error';
import type { RemoteLayout } from './hisi-runner';

/** The dataset's first `limit` images, as the scoring step will read its ground truth (same order, same ids). */
export async function datasetImages(
  baseDir: string,
  p: { data: string; images?: string; limit?: number },
): Promise<string[]> {
  const dataset = p.data === 'demo' ? await ensureDemoDataset() : path.resolve(baseDir, p.data);
  const ds = await loadDetectionDataset(dataset, { imagesDir: p.images ? path.resolve(baseDir, p.images) : undefined });
  const images = ds.images.slice(0, p.limit ?? ds.images.length).map((im) => im.path);
  const seen = new Map<string, string>();
  for (const image of images) {
    const stem = path.parse(image).name;
    const other = seen.get(stem);
    if (other)
      throw new UserError(
        `${image} and ${other} have the same name ${stem}: the board runner names its results by image name`,
        'Evaluate a dataset whose image names are unique (e.g. one split at a time).',
        'invalid_input',
      );
    seen.set(stem, image);
  }
  return images;
}

/** A hard link where the file system allows it (no copy of a large dataset), else a copy. */
async function place(from: string, to: string): Promise<void> {
  await link(from, to).catch(() => copyFile(from, to));
}

/**
 * The upload folder as the board will see it: `model.om`, `images/` (the original images: the sample runner
 * decodes and letterboxes them itself, as in deployment) and `file_list.json` (their absolute paths on the board).
 */
export async function stageUpload(workDir: string, model: string, images: string[], l: RemoteLayout): Promise<string> {
  const upload = path.join(workDir, 'upload');
  await rm(upload, { recursive: true, force: true });
  await mkdir(path.join(upload, 'images'), { recursive: true });
  await copyFile(model, path.join(upload, 'model.om'));
  for (const image of images) await place(image, path.join(upload, 'images', path.basename(image)));
  const onBoard = images.map((i) => path.posix.join(l.images, path.basename(i)));
  await writeFile(path.join(upload, 'file_list.json'), JSON.stringify(onBoard, null, 1));
  // For `runs export-script`: the images and the board folder this run used.
  await writeFile(path.join(workDir, 'images.txt'), `${images.join('\n')}\n`);
  await writeFile(path.join(workDir, 'remote-dir.txt'), `${l.dir}\n`);
  return upload;
}
