import { UserError } from '../../errors/user-error';

export interface TrtVersion {
  major: number;
  minor: number;
  patch: number;
  text: string;
}

/**
 * trtexec prints `&&&& RUNNING TensorRT.trtexec [TensorRT v8601]` (8.x: M·1000+m·100+p) or `[TensorRT v101600]`
 * (≥10: M·10000+m·100+p) at start.
 */
export function parseTrtVersion(output: string): TrtVersion | null {
  const m = /\[TensorRT v(\d+)\]/.exec(output);
  if (!m) return null;
  const n = Number(m[1]);
  const major = n >= 100000 ? Math.floor(n / 10000) : Math.floor(n / 1000);
  const rest = n >= 100000 ? n % 10000 : n % 1000;
  const minor = Math.floor(rest / 100);
  const patch = rest % 100;
  return { major, minor, patch, text: `${major}.${minor}.${patch}` };
}

export interface ProfileLayer {
  name: string;
  timeMs: number;
  averageMs: number;
  medianMs: number | null;
  percentage: number;
}

function readJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UserError(
      `${source}: not valid JSON (${(error as Error).message})`,
      'trtexec may have crashed while writing it; re-run the conversion.',
      'invalid_input',
    );
  }
}

/** `--exportProfile`: `[{"count":N}, {"name","timeMs","averageMs","medianMs","percentage"}, …]`. */
export function parseTrtProfile(
  text: string,
  source = 'profile.json',
): { iterations: number | null; layers: ProfileLayer[] } {
  const doc = readJson(text, source);
  if (!Array.isArray(doc))
    throw new UserError(
      `${source}: expected a JSON array (trtexec --exportProfile)`,
      'Pass the file written by --exportProfile.',
      'invalid_input',
    );
  let iterations: number | null = null;
  const layers: ProfileLayer[] = [];
  for (const entry of doc as Record<string, unknown>[]) {
    if (entry && typeof entry.count === 'number') iterations = entry.count;
    else if (entry && typeof entry.name === 'string' && typeof entry.averageMs === 'number') {
      layers.push({
        name: entry.name,
        timeMs: Number(entry.timeMs ?? 0),
        averageMs: entry.averageMs,
        medianMs: typeof entry.medianMs === 'number' ? entry.medianMs : null,
        percentage: Number(entry.percentage ?? 0),
      });
    }
  }
  return { iterations, layers };
}

export interface EngineLayer {
  name: string;
  type: string | null;
  /** FP32/FP16/BF16/INT8/FP8/INT32…, read from the output "Format/Datatype" string; null with layer_names_only. */
  precision: string | null;
}

const PRECISIONS = ['FP32', 'FP16', 'BF16', 'FP8', 'INT8', 'INT4', 'INT32', 'INT64', 'BOOL', 'UINT8'];

function precisionOf(format: unknown): string | null {
  if (typeof format !== 'string') return null;
  const upper = format.toUpperCase();
  const hit = PRECISIONS.map((p) => ({ p, at: upper.search(new RegExp(`\\b${p}\\b`)) }))
    .filter((x) => x.at >= 0)
    .sort((a, b) => a.at - b.at)[0];
  if (hit) return hit.p;
  if (/\bFLOAT\b/.test(upper)) return 'FP32';
  if (/\bHALF\b/.test(upper)) return 'FP16';
  return null;
}

/** `--exportLayerInfo` (engine inspector JSON). With layer_names_only verbosity, Layers is a list of names. */
export function parseTrtLayerInfo(text: string, source = 'layers.json'): EngineLayer[] {
  const doc = readJson(text, source) as { Layers?: unknown };
  if (!doc || typeof doc !== 'object' || !Array.isArray(doc.Layers)) {
    throw new UserError(
      `${source}: no "Layers" array (trtexec --exportLayerInfo)`,
      'Pass the file written by --exportLayerInfo, built with --profilingVerbosity=detailed for precisions.',
      'invalid_input',
    );
  }
  return doc.Layers.map((layer: unknown) => {
    if (typeof layer === 'string') return { name: layer, type: null, precision: null };
    const l = layer as { Name?: string; LayerType?: string; Outputs?: { 'Format/Datatype'?: string }[] };
    return {
      name: String(l.Name ?? ''),
      type: l.LayerType ?? null,
      precision: precisionOf(l.Outputs?.[0]?.['Format/Datatype']),
    };
  });
}

export interface TrtSummary {
  throughputQps: number | null;
  latencyMs: { min: number; max: number; mean: number; median: number } | null;
  gpuComputeMeanMs: number | null;
  passed: boolean;
}

/** The console epilog (`=== Performance summary ===`) and the final `&&&& PASSED`/`FAILED` line. */
export function parseTrtConsole(output: string): TrtSummary {
  const throughput = /Throughput:\s*([\d.]+)\s*qps/.exec(output);
  const lat =
    /(?:^|\]\s+)Latency: min = ([\d.]+) ms, max = ([\d.]+) ms, mean = ([\d.]+) ms, median = ([\d.]+) ms/m.exec(output);
  const gpu = /GPU Compute Time: min = [\d.]+ ms, max = [\d.]+ ms, mean = ([\d.]+) ms/.exec(output);
  return {
    throughputQps: throughput ? Number(throughput[1]) : null,
    latencyMs: lat ? { min: Number(lat[1]), max: Number(lat[2]), mean: Number(lat[3]), median: Number(lat[4]) } : null,
    gpuComputeMeanMs: gpu ? Number(gpu[1]) : null,
    passed: /&&&& PASSED/.test(output),
  };
}
