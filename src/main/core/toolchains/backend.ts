import type { z } from 'zod';
import { causeLine } from './log-cause';
import { DriverError } from './python-driver';

/** How a backend call reports and can be stopped; the same for Python-driven and CLI-driven toolchains. */
export interface ToolRun {
  /** Python interpreter for Python-driven toolchains (rknn-toolkit2). */
  python: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Extra environment for the tool (e.g. vendor library paths). */
  env?: Record<string, string>;
  onLog?: (text: string, stream: 'stdout' | 'stderr') => void;
  onProgress?: (done: number, total: number, message?: string) => void;
}

export interface ConvertRequest {
  /** The (cut) ONNX model. */
  model: string;
  /** Where the NPU model goes (.rknn / .om / .engine). */
  out: string;
  /** Calibration images (absolute paths), already selected. */
  calibrationImages: string[];
  /** Scratch folder for lists, configs and vendor side files. */
  workDir: string;
  /** Backend options, validated against `optionsSchema`. */
  options: unknown;
}

export interface ConvertOutcome {
  model: string;
  artifacts: { kind: string; path: string }[];
  metrics: Record<string, number>;
  /** Human-readable facts worth a log line (tool version, precision counts, warnings). */
  notes: string[];
}

/** A vendor toolchain behind one interface; backend-specific extras (analysis, board runs) live on the adapter. */
export interface Backend<O = unknown> {
  id: 'rknn' | 'atc' | 'tensorrt';
  title: string;
  optionsSchema: z.ZodType<O>;
  convert(request: ConvertRequest, run: ToolRun): Promise<ConvertOutcome>;
}

/**
 * A failed vendor tool's error, with the line of its log that says what failed in the message (not a trailing
 * banner such as `E rknn-toolkit2 version: 2.3.2`; see causeLine), so the stage error says why.
 */
export function withToolCause(error: unknown, tool: string): unknown {
  if (!(error instanceof DriverError) || error.cancelled) return error;
  const cause = causeLine(error.lastLines);
  if (!cause || error.message.includes(cause)) return error;
  return new DriverError(`${error.message} — ${tool}: ${cause}`, error.hint, error.lastLines, error.cancelled);
}
