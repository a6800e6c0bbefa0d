import { z } from 'zod';

/** rknn-toolkit2 2.3.2 `RKNN.config()` (API232 §2.2): every documented parameter with its default. */
export const RKNN_TARGET_PLATFORMS = [
  'rv1103',
  'rv1103b',
  'rv1106',
  'rv1106b',
  'rv1126b',
  'rk2118',
  'rk3562',
  'rk3566',
  'rk3568',
  'rk3576',
  'rk3588',
] as const;

/** `init_runtime(core_mask=…)`: which NPU cores run the model (multi-core SoCs). */
export const RKNN_CORE_MASKS = [
  'NPU_CORE_AUTO',
  'NPU_CORE_0',
  'NPU_CORE_1',
  'NPU_CORE_2',
  'NPU_CORE_0_1',
  'NPU_CORE_0_1_2',
  'NPU_CORE_ALL',
] as const;

/** An rknn board's SoC as `init_runtime(target=…)` takes it (case-insensitive in the YAML). */
export const RknnTargetParam = z
  .string()
  .transform((s) => s.toLowerCase())
  .pipe(z.enum(RKNN_TARGET_PLATFORMS));

const perInputLists = z.array(z.array(z.number()));

export const RknnConfigSchema = z
  .object({
    mean_values: perInputLists
      .nullable()
      .default(null)
      .describe('Per-input channel means, e.g. [[0,0,0]]. None = all 0.'),
    std_values: perInputLists
      .nullable()
      .default(null)
      .describe('Per-input channel stds; YOLO in rknn_model_zoo uses [[255,255,255]]. None = all 1.'),
    quant_img_RGB2BGR: z
      .union([z.boolean(), z.array(z.boolean())])
      .default(false)
      .describe(
        'Swap RGB→BGR for jpg/png/bmp calibration images during build/accuracy_analysis only ' +
          '(not stored in the model).',
      ),
    quantized_dtype: z
      .enum(['w8a8', 'w4a16', 'w8a16', 'w4a8', 'w16a16i', 'w16a16i_dfp', 'asymmetric_quantized-8'])
      .default('w8a8')
      .describe(
        'w8a8 (not RK2118); w4a16 RK3576/RV1126B; w8a16 RK3562; w16a16i(_dfp) RV1103/RV1106; ' +
          'asymmetric_quantized-8 is the pre-2.1 name.',
      ),
    quantized_algorithm: z
      .enum(['normal', 'mmse', 'kl_divergence', 'gdq'])
      .default('normal')
      .describe(
        'normal/kl_divergence: 20–100 images; mmse: slow, 20–50 images; ' + 'gdq: w4a16/w8a16 only, >200 images.',
      ),
    quantized_method: z
      .string()
      .regex(/^(layer|channel|group(32|64|96|128|160|192|224|256))$/)
      .default('channel')
      .describe(
        'layer, channel, or group{SIZE} (SIZE a multiple of 32 in 32–256, w4a16 only). ' +
          'Per-channel applies to weights only.',
      ),
    float_dtype: z.enum(['float16']).default('float16').describe('Only float16.'),
    optimization_level: z
      .union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)])
      .default(3)
      .describe('3 = all optimizations; 2/1 disable passes that can affect accuracy; 0 disables all.'),
    target_platform: z
      .enum(RKNN_TARGET_PLATFORMS)
      .nullable()
      .default(null)
      .describe('The SoC. With None the model runs only on RK3566/RK3568.'),
    custom_string: z.string().nullable().default(null).describe('Readable at runtime with RKNN_QUERY_CUSTOM_STRING.'),
    remove_weight: z.boolean().default(false).describe('Produce a weight-sharing slave model.'),
    compress_weight: z.boolean().default(false),
    single_core_mode: z.boolean().default(false).describe('RK3588/RK3576 only.'),
    model_pruning: z.boolean().default(false),
    op_target: z
      .record(z.string(), z.enum(['cpu', 'npu', 'gpu', 'auto']))
      .nullable()
      .default(null)
      .describe("{'<out_tensor_name>' or '<OpType>': 'cpu'|'npu'|'gpu'|'auto'}; names come from accuracy_analysis."),
    dynamic_input: z
      .array(z.array(z.array(z.number().int())))
      .nullable()
      .default(null)
      .describe('Experimental: [[in0_shapeA,…],[in0_shapeB,…]].'),
    quantize_weight: z.boolean().default(false).describe('Only when do_quantization=False.'),
    remove_reshape: z.boolean().default(false).describe('May change I/O shapes.'),
    sparse_infer: z.boolean().default(false).describe('RK3576/RV1126B only.'),
    enable_flash_attention: z.boolean().default(false),
    auto_hybrid_cos_thresh: z
      .number()
      .min(0)
      .max(1)
      .default(0.98)
      .describe('2.3.2+: with build(auto_hybrid=True), ops below this cosine move to fp16.'),
    auto_hybrid_euc_thresh: z
      .number()
      .nonnegative()
      .nullable()
      .default(null)
      .describe('2.3.2+: euclidean threshold for auto hybrid; None = off.'),
  })
  .strict();
export type RknnConfig = z.output<typeof RknnConfigSchema>;

/**
 * `RKNN.build()` (API232 §2.4). do_quantization's documented default conflicts between docs, so it is always passed.
 */
export const RknnBuildSchema = z
  .object({
    do_quantization: z
      .boolean()
      .default(true)
      .describe('Always passed explicitly: API232 says True, UG230 says False.'),
    rknn_batch_size: z.number().int().positive().nullable().default(null).describe('>1 changes the I/O shapes.'),
    auto_hybrid: z
      .boolean()
      .default(false)
      .describe(
        'w8a8: ops below auto_hybrid_*_thresh move to fp16; without quantization, fp16-overflowing ops move to int16.',
      ),
  })
  .strict();
export type RknnBuild = z.output<typeof RknnBuildSchema>;

/** `RKNN.init_runtime()` for board runs (API232 §2.7); target None = simulator. */
export const RknnRuntimeSchema = z
  .object({
    target: z
      .enum(RKNN_TARGET_PLATFORMS)
      .nullable()
      .default(null)
      .describe('None = the simulator (after build in the same process).'),
    device_id: z
      .string()
      .nullable()
      .default(null)
      .describe('adb serial, or IP:port after `adb connect IP`. Not accepted by the ARM64 toolkit.'),
    core_mask: z.enum(RKNN_CORE_MASKS).default('NPU_CORE_AUTO').describe('RK3588/RK3576 only.'),
    perf_debug: z.boolean().default(false).describe('Per-layer timing in eval_perf; not on RV1103/RV1106.'),
    eval_mem: z.boolean().default(false).describe('Needed by eval_memory.'),
  })
  .strict();
export type RknnRuntime = z.output<typeof RknnRuntimeSchema>;
