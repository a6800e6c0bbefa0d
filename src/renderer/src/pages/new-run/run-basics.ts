import { isMap, isScalar, isSeq, parseDocument, type YAMLMap } from 'yaml';

/** Run-level fields (top-level keys every run has). */
export const RUN_KEYS = ['name', 'target', 'backend'] as const;
/**
 * Stage options the form edits in every stage that has them: the model and data a stage reads are its own options, so
 * a form field edits those (a top-level `model:` would be read by no stage).
 */
export const STAGE_KEYS = ['model', 'data', 'calib'] as const;
export type BasicKey = (typeof RUN_KEYS)[number] | (typeof STAGE_KEYS)[number];
type StageKey = (typeof STAGE_KEYS)[number];

const isStageKey = (key: BasicKey): key is StageKey => (STAGE_KEYS as readonly string[]).includes(key);

/** Where a stage keeps an option: `calib` is `calibration.images` in the vendor stages. */
const OPTION_PATHS: Record<StageKey, string[][]> = {
  model: [['model']],
  data: [['data']],
  calib: [['calib'], ['calibration', 'images']],
};

function stageMaps(doc: ReturnType<typeof parseDocument>): YAMLMap[] {
  const stages = doc.get('stages', true);
  return isSeq(stages) ? stages.items.filter((s): s is YAMLMap => isMap(s)) : [];
}

/**
 * The fields the form shows, read from the YAML (null when the text is not a YAML mapping): run-level keys, and each
 * stage option some stage has (its first value).
 */
export function readBasics(text: string): Partial<Record<BasicKey, string>> | null {
  const doc = parseDocument(text);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return null;
  const out: Partial<Record<BasicKey, string>> = {};
  for (const k of RUN_KEYS) if (doc.get(k) !== undefined) out[k] = String(doc.get(k));
  for (const k of STAGE_KEYS)
    for (const stage of stageMaps(doc))
      for (const p of OPTION_PATHS[k]) {
        const v: unknown = stage.getIn(p);
        if (out[k] === undefined && v !== undefined && v !== null && typeof v !== 'object') out[k] = String(v);
      }
  return out;
}

/**
 * Sets one field, keeping the rest of the text, comments included: a run-level key at the top (removed when empty), a
 * stage option in every stage that has it.
 */
export function writeBasic(text: string, key: BasicKey, value: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return text;
  if (isStageKey(key)) {
    for (const stage of stageMaps(doc)) for (const p of OPTION_PATHS[key]) if (stage.hasIn(p)) stage.setIn(p, value);
    return doc.toString();
  }
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
