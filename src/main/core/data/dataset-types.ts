import { UserError } from '../errors/user-error';

/** A ground-truth box in original image pixels, [x, y, w, h] (COCO order). */
export interface GtBox {
  classIndex: number;
  bbox: [number, number, number, number];
  /** COCO `area` (segmentation area) when the dataset has it; else the box area is used. */
  area?: number;
  iscrowd?: boolean;
  /** Annotation id of a COCO json (kept so scoring matches pycocotools on that file). */
  annotationId?: number;
}

export interface DatasetImage {
  /** COCO image id: the json's id, else int(stem) when every stem is an integer, else the index. */
  id: number;
  path: string;
  /** Size after EXIF orientation; 0 when not read yet (plain image folders). */
  width: number;
  height: number;
  boxes: GtBox[];
}

export interface DetectionDataset {
  kind: 'yolo' | 'coco' | 'images';
  /** What the user pointed at (folder, data.yaml or json). */
  source: string;
  classNames: string[];
  /** COCO category id of each class index (YOLO: the index itself; COCO json: its ids). */
  categoryIds: number[];
  images: DatasetImage[];
  /** Problems skipped in lenient mode, as `file:line: what is wrong`. */
  warnings: string[];
}

export interface LoadDatasetOptions {
  /** Stop at the first malformed line/image (default) or skip it and record a warning. */
  strict?: boolean;
  /** Split of a data.yaml to read (default `val`). */
  split?: 'train' | 'val' | 'test';
  /** Images folder for a COCO json whose file_names are not beside it. */
  imagesDir?: string;
}

/** Collects dataset problems: throws on the first one in strict mode, records it otherwise. */
export class IssueSink {
  readonly warnings: string[] = [];
  constructor(private readonly strict: boolean) {}

  report(file: string, line: number | string | undefined, message: string): void {
    const where = line === undefined ? file : `${file}:${line}`;
    const text = `${where}: ${message}`;
    if (this.strict) {
      throw new UserError(
        text,
        'Fix the file, or turn on lenient checking to skip bad lines and images with a warning.',
        'invalid_input',
        'strict',
      );
    }
    this.warnings.push(text);
  }
}
