/** The row keys of `runs compare --json`, in the order the issue specifies them. */
export const COMPARE_ROW_KEYS = [
  'run',
  'variant',
  'runtime',
  'dataset',
  'map',
  'map50',
  'delta_map',
  'delta_map50',
  'latency_ms',
  'latency_where',
  'images',
];
