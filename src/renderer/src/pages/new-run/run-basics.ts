import { isMap, isScalar, parseDocument } from 'yaml';

export const BASIC_KEYS = ['name', 'model', 'dataset', 'target', 'backend'] as const;
export type BasicKey = (typeof BASIC_KEYS)[number];

/** The top-level fields the form edits, read from the YAML (null when the text is not a YAML mapping). */
export function readBasics(text: string): Partial<Record<BasicKey, string>> | null {
  const doc = parseDocument(text);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return null;
  return Object.fromEntries(BASIC_KEYS.flatMap((k) => (doc.get(k) === undefined ? [] : [[k, String(doc.get(k))]])));
}

/** Sets (or removes, when empty) one top-level field, keeping the rest of the text, comments included. */
export function writeBasic(text: string, key: BasicKey, value: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return text;
  const map = doc.contents;
  if (value === '') doc.delete(key);
  else if (map.has(key)) doc.set(key, value);
  else {
    // New fields go above `stages:` so the stage list stays last, where people append to it.
    const stages = map.items.findIndex((p) => isScalar(p.key) && p.key.value === 'stages');
    map.items.splice(stages < 0 ? map.items.length : stages, 0, doc.createPair(key, value));
  }
  return doc.toString();
}
