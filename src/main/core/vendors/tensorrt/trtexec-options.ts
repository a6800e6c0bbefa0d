import { z } from 'zod';

const LAYER_PRECISION = /^([^:,]+:(fp32|fp16|bf16|int32|int8)(,|$))+$/;

/**
 * trtexec flags (TensorRT samples/common/sampleOptions.cpp, v10.16). Precision flags are refused by
 * TensorRT ≥ 11, which is strongly typed: precision then comes from a QDQ ONNX.
 */
export const TrtexecFlagsSchema = z
  .object({
    fp16: z.boolean().default(false).describe('≤ 10 only (deprecated in 10.16, removed in 11).'),
    bf16: z.boolean().default(false).describe('≤ 10 only.'),
    int8: z
      .boolean()
      .default(false)
      .describe('≤ 10 only. Without --calib or Q/DQ nodes trtexec uses dummy ±2/±4 ranges: no real calibration.'),
    best: z.boolean().default(false).describe('≤ 10 only.'),
    stronglyTyped: z.boolean().default(false).describe('Default (and a no-op) from TensorRT 11.'),
    precisionConstraints: z
      .enum(['none', 'prefer', 'obey'])
      .default('none')
      .describe('≤ 10 only; needed for layerPrecisions.'),
    layerPrecisions: z
      .string()
      .regex(LAYER_PRECISION)
      .optional()
      .describe('"name:fp16,name2:fp32" (≤ 10; one * wildcard per name).'),
    layerOutputTypes: z.string().optional().describe('"name:type[+type],…" (≤ 10).'),
    calib: z.string().optional().describe('INT8 calibration cache (≤ 10): lines "tensor: <hex float32 scale>".'),
    inputIOFormats: z
      .string()
      .regex(
        /^(fp32|fp16|bf16|int32|int8|uint8|bool):[a-z0-9_+]+(,(fp32|fp16|bf16|int32|int8|uint8|bool):[a-z0-9_+]+)*$/,
      )
      .optional()
      .describe('Input binding type:format per input, e.g. "fp16:chw" (default fp32:chw); tensorrt-eval follows it.'),
    minShapes: z
      .string()
      .optional()
      .describe('Dynamic shapes: "images:1x3x640x640" (with optShapes/maxShapes; tensorrt-eval batch: needs them).'),
    optShapes: z.string().optional().describe('"images:16x3x640x640".'),
    maxShapes: z.string().optional().describe('"images:32x3x640x640": the largest batch the engine takes.'),
    memPoolSize: z.string().optional().describe('"workspace:1024M".'),
    builderOptimizationLevel: z.number().int().min(0).max(5).optional(),
    timingCacheFile: z.string().optional(),
    profilingVerbosity: z
      .enum(['layer_names_only', 'detailed', 'none'])
      .default('detailed')
      .describe('detailed is needed for per-layer precision in --exportLayerInfo.'),
    skipInference: z.boolean().default(false),
    separateProfileRun: z
      .boolean()
      .default(true)
      .describe('Profile in a separate run so per-layer timing does not distort the summary.'),
    avgRuns: z.number().int().positive().optional(),
    warmUp: z.number().int().nonnegative().optional().describe('ms'),
    duration: z.number().nonnegative().optional().describe('s'),
    iterations: z.number().int().positive().optional(),
    useCudaGraph: z.boolean().default(false),
    noDataTransfers: z.boolean().default(false),
  })
  .strict();
export type TrtexecFlags = z.output<typeof TrtexecFlagsSchema>;

/** Flags TensorRT ≥ 11 no longer parses (sampleOptions.cpp @ v11.0). */
export const TRT11_REMOVED_FLAGS = [
  'fp16',
  'bf16',
  'int8',
  'best',
  'calib',
  'precisionConstraints',
  'layerPrecisions',
  'layerOutputTypes',
] as const;
