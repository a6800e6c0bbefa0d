import { z } from 'zod';
import { EmptySchema } from './app-schemas';

export const InterpreterSourceSchema = z.enum(['setting', 'env', 'path', 'venv', 'conda', 'pyenv', 'system']);

/** One Python interpreter the doctor found, with the versions of the packages the workbench drives. */
export const InterpreterReportSchema = z.object({
  path: z.string(),
  realPath: z.string(),
  sources: z.array(InterpreterSourceSchema),
  selected: z.boolean(),
  version: z.string().nullable(),
  system: z.string().nullable(),
  machine: z.string().nullable(),
  packages: z.record(z.string(), z.string().nullable()),
  error: z.string().nullable(),
});
export type InterpreterReport = z.infer<typeof InterpreterReportSchema>;

export const ToolReportSchema = z.object({
  name: z.string(),
  path: z.string().nullable(),
  version: z.string().nullable(),
  note: z.string().nullable(),
});
export type ToolReport = z.infer<typeof ToolReportSchema>;

export const DoctorCheckSchema = z.object({
  id: z.string(),
  level: z.enum(['ok', 'info', 'warning', 'error']),
  message: z.string(),
  hint: z.string().nullable(),
});
export type DoctorCheck = z.infer<typeof DoctorCheckSchema>;

export const DoctorReportSchema = z.object({
  host: z.object({ platform: z.string(), arch: z.string() }),
  interpreters: z.array(InterpreterReportSchema),
  tools: z.array(ToolReportSchema),
  checks: z.array(DoctorCheckSchema),
});
export type DoctorReport = z.infer<typeof DoctorReportSchema>;

export const DoctorQuerySchema = z
  .object({ python: z.string().max(4096).optional(), scanAll: z.boolean().optional() })
  .strict();

/** Head surgery output layouts (core/onnx/head-surgery.ts); `auto` picks rknn_model_zoo's default for the head. */
export const SurgeryPresetSchema = z.enum(['auto', 'rknn6', 'rknn9', 'yolov5-raw', 'yolox-raw']);

export const SurgeryRequestSchema = z
  .object({
    model: z.string().min(1).max(4096),
    out: z.string().min(1).max(4096),
    preset: SurgeryPresetSchema,
    sigmoid: z.boolean().default(true),
  })
  .strict();
export const SurgeryResultSchema = z.object({
  out: z.string(),
  /** The head found, or `already-cut` when the model passed through unchanged. */
  layoutKind: z.enum(['yolov8', 'yolov5', 'yolox', 'already-cut']),
  /** Which export graph matched (exporter and version range). */
  exporter: z.string(),
  preset: SurgeryPresetSchema,
  numClasses: z.number().int().nullable(),
  outputs: z.array(z.object({ name: z.string(), shape: z.array(z.union([z.number(), z.string()])) })),
});

export const QuantizationCfgCheckSchema = z.object({
  customLayers: z.record(z.string(), z.string()),
  issues: z.array(z.object({ layer: z.string(), message: z.string(), line: z.number().int().nullable() })),
});

export const toolchainsInvokeContract = {
  'toolchains:doctor': { input: DoctorQuerySchema, output: DoctorReportSchema },
  /** JSON Schemas of every backend option block (rknn.config, atc.flags, trtexec.flags …) for the Monaco editor. */
  'toolchains:schemas': { input: EmptySchema, output: z.record(z.string(), z.record(z.string(), z.unknown())) },
  'toolchains:surgery': { input: SurgeryRequestSchema, output: SurgeryResultSchema },
  /** Checks a hand-edited rknn `*.quantization.cfg` (hybrid step 1 → edit → step 2) before step 2 runs. */
  'toolchains:check-quantization-cfg': {
    input: z.object({ text: z.string().max(50_000_000), inputNames: z.array(z.string()).default([]) }).strict(),
    output: QuantizationCfgCheckSchema,
  },
} as const;
