/** pycocotools stat order → metric keys of a run (also read by the store's migration of old metrics). */
export const STAT_KEYS = [
  'map',
  'map50',
  'map75',
  'map_small',
  'map_medium',
  'map_large',
  'mar1',
  'mar10',
  'mar100',
  'mar_small',
  'mar_medium',
  'mar_large',
] as const;
