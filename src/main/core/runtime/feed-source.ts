import type { Feeds } from './ort-session';

/** Model inputs for N samples, produced on demand so passes over many images never hold them all. */
export interface FeedSource {
  count: number;
  feeds(index: number): Promise<Feeds>;
}

/** The float32 inputs of a feed, by name (what calibration observes for graph inputs). */
export function floatFeeds(feeds: Feeds): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const [name, t] of Object.entries(feeds)) if (t.type === 'float32') out.set(name, t.data as Float32Array);
  return out;
}
