import * as ort from 'onnxruntime-node';
import type { PreprocessOverrides } from '../../../shared/contract/eval-contract';
import { seededRandom } from '../data/demo-dataset';
import { letterbox, type LetterboxPreset } from '../data/letterbox';
import { UserError } from '../errors/user-error';
import { GraphIndex, type OnnxModel, shapeOf } from '../onnx/onnx-model';
import type { FeedSource } from './feed-source';
import type { Feeds } from './ort-session';
import { sizeFeeds, sizeInputNames } from './size-inputs';

export interface ImageInputSpec {
  name: string;
  width: number;
  height: number;
  /** DETR's orig_target_sizes inputs, fed with width and height (size-inputs.ts). */
  sizeInputs: string[];
}

/** The model's image input: its first graph input that is not an initializer, static 1×3×H×W. */
export function imageInputSpec(model: OnnxModel, source = 'model'): ImageInputSpec {
  const index = new GraphIndex(model.graph);
  const input = model.graph.input.find((i) => !index.initializers.has(i.name));
  const dims = input ? shapeOf(input) : [];
  const [, c, h, w] = dims;
  if (!input || dims.length !== 4 || c !== 3 || typeof h !== 'number' || typeof w !== 'number') {
    throw new UserError(
      `${source}: expected an image input of shape 1×3×H×W, ` +
        `found ${input ? `${input.name} [${dims.join(', ')}]` : 'no input'}`,
      'Export the ONNX with a static input size (e.g. yolo export imgsz=640 dynamic=False).',
      'invalid_input',
    );
  }
  return { name: input.name, width: w, height: h, sizeInputs: sizeInputNames(model, input, source) };
}

/** The model's feeds for one image tensor: the image and its size inputs. */
export const imageFeeds = (input: ImageInputSpec, image: ort.Tensor): Feeds => ({
  [input.name]: image,
  ...sizeFeeds(input.sizeInputs, input.width, input.height),
});

/** A reproducible sample of `count` files (all when there are fewer): seeded shuffle, then path order. */
export function sampleFiles(files: string[], count: number, seed = 0): string[] {
  if (files.length <= count) return [...files];
  const rnd = seededRandom(seed);
  const idx = files.map((_, i) => i);
  for (let i = idx.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx
    .slice(0, count)
    .sort((a, b) => a - b)
    .map((i) => files[i]);
}

/** Letterboxed images as model feeds, decoded when asked for (nothing is kept between samples). */
export function letterboxFeeds(
  files: string[],
  input: ImageInputSpec,
  preset: LetterboxPreset,
  preprocess?: PreprocessOverrides,
): FeedSource {
  return {
    count: files.length,
    feeds: async (i) => {
      const imgsz = { width: input.width, height: input.height };
      const { data } = await letterbox(files[i], { imgsz, preset, preprocess });
      return imageFeeds(input, new ort.Tensor('float32', data, [1, 3, input.height, input.width]));
    },
  };
}
