/** COCO instances ground truth, as in `instances_*.json` (only the fields COCOeval bbox reads). */
export interface CocoImage {
  id: number;
  file_name?: string;
  width?: number;
  height?: number;
}

export interface CocoAnnotation {
  id: number;
  image_id: number;
  category_id: number;
  /** [x, y, w, h] in pixels. */
  bbox: number[];
  /** Segmentation area; COCOeval uses it (not the box area) for the small/medium/large ranges. */
  area?: number;
  iscrowd?: number | boolean;
}

export interface CocoCategory {
  id: number;
  name: string;
}

export interface CocoGroundTruth {
  images: CocoImage[];
  annotations: CocoAnnotation[];
  categories: CocoCategory[];
}

/** One line of a COCO results file. */
export interface CocoDetection {
  image_id: number;
  category_id: number;
  bbox: number[];
  score: number;
}
