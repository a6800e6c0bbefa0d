import { parse } from 'yaml';

/** Flattens a parsed config to `path → value text` (stages.2.keepFloat → "[a, b]"), so configs compare key by key. */
export function flattenConfig(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    out.set('(config)', text);
    return out;
  }
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value) && value.some((v) => typeof v === 'object' && v !== null))
      value.forEach((v, i) => walk(v, `${path}.${i}`));
    else if (value && typeof value === 'object' && !Array.isArray(value))
      Object.entries(value).forEach(([k, v]) => walk(v, path ? `${path}.${k}` : k));
    else out.set(path, Array.isArray(value) ? `[${value.join(', ')}]` : String(value));
  };
  walk(doc, '');
  return out;
}

export interface DiffRow {
  key: string;
  values: (string | null)[];
  differs: boolean;
}

/** One row per key any config has; `differs` when not every config has the same value (MLflow's "show diff only"). */
export function diffConfigs(texts: string[]): DiffRow[] {
  const flat = texts.map(flattenConfig);
  const keys = [...new Set(flat.flatMap((f) => [...f.keys()]))];
  return keys.map((key) => {
    const values = flat.map((f) => f.get(key) ?? null);
    return { key, values, differs: values.some((v) => v !== values[0]) };
  });
}
