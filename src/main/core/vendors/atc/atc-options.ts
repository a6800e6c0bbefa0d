import { z } from 'zod';

/** The SoC ATC builds for when a stage does not say (the SDK the reference guide describes). */
export const ATC_DEFAULT_SOC = 'SS928V100';

/**
 * HiSilicon SVP ATC flags (ATC guide SS928V100 §参数说明), written `--key=value`. Keys are the flag names.
 * Values are kept as ATC spells them (numbers for modes, `name:n,c,h,w` strings for shapes).
 */
export const AtcFlagsSchema = z
  .object({
    mode: z
      .union([z.literal(0), z.literal(1), z.literal(3)])
      .default(0)
      .describe('0 build .om, 1 om/model → json, 3 precheck only.'),
    framework: z
      .union([z.literal(0), z.literal(5), z.literal(6)])
      .default(5)
      .describe('0 Caffe, 5 ONNX, 6 graph API.'),
    soc_version: z
      .string()
      .min(1)
      .default(ATC_DEFAULT_SOC)
      .describe('SS928V100, SS626V100, Hi3519DV500, Hi3516CV610 … (depends on the SDK).'),
    insert_op_conf: z
      .string()
      .optional()
      .describe('AAPP image-preprocessing file (aapp_op { input_format, mean_chn_i, var_reci_chn_i … }).'),
    input_shape: z.string().optional().describe('"images:1,3,640,640" (static; -1 only with dynamic_image_size).'),
    input_type: z
      .string()
      .optional()
      .describe('"name:FP32|FP16|INT8|UINT8|S16|U16" for feature-map inputs; default FP32.'),
    input_format: z.enum(['NCHW']).optional().describe('NCHW only.'),
    dynamic_image_size: z.string().optional().describe('"h1,w1;h2,w2".'),
    output_type: z.string().optional().describe('FP32 (default) or "op:idx:TYPE".'),
    out_nodes: z.string().optional().describe('"node:0;node:1" (≤ 32 outputs), e.g. the cut head convs.'),
    output_reorder: z.union([z.literal(0), z.literal(1)]).optional(),
    image_list: z
      .string()
      .optional()
      .describe('"inputName:list.txt": calibration images, one batch per line (3–5 typical images recommended).'),
    compile_mode: z
      .union([z.literal(0), z.literal(1), z.literal(5), z.literal(6)])
      .default(0)
      .describe('0 A8W8; 1 A16W8; 5 A8W8 on CUBE ops, rest fp16; 6 A16W8 on CUBE ops, rest fp16.'),
    weight_quant_per_channel: z.union([z.literal(0), z.literal(1)]).default(1),
    matmul_per_channel_enable: z.union([z.literal(0), z.literal(1)]).default(0),
    quant_mode: z
      .union([z.literal(0), z.literal(1)])
      .optional()
      .describe('0 linear; 1 IFMR (data) + ARQ (weights).'),
    high_precision_layer: z.string().optional().describe('"op0;op1": CUBE layers run A16W8, others fp16.'),
    gfpq_param_file: z
      .string()
      .optional()
      .describe('calibration_param.txt to reuse/override; listed layers are not recalibrated; overrides compile_mode.'),
    all_batch_quant_together_enable: z.union([z.literal(0), z.literal(1)]).optional(),
    forward_quantization_option: z.number().int().min(0).max(3).optional(),
    batch_num: z.number().int().min(0).max(256).optional(),
    internal_stride: z.number().int().min(16).max(256).optional(),
    net_optimize_enable: z.union([z.literal(0), z.literal(1)]).optional(),
    layer_fusion_enable: z.union([z.literal(0), z.literal(1)]).optional(),
    force_to_cpu: z.string().optional(),
    online_model_type: z
      .number()
      .int()
      .min(0)
      .max(7)
      .optional()
      .describe('0 release … 2 profiling (default) … 4 dump.'),
    save_original_model: z.boolean().optional().describe('Also write *_original.om for the PC functional simulator.'),
    dump_data: z
      .number()
      .int()
      .min(0)
      .max(31)
      .optional()
      .describe('Bitmask: 1 quant→dequant dumps, 2 simulate, 4 weights, 8/16 txt (needs image_list).'),
    log_level: z.number().int().min(0).max(3).optional(),
  })
  .strict();
export type AtcFlags = z.output<typeof AtcFlagsSchema>;

/** NNIE mapper `.cfg` (HiSVP 开发指南 表3-6) for Hi3516DV300-class chips: Caffe → .wk. */
export const NnieCfgSchema = z
  .object({
    prototxt_file: z.string().min(1),
    caffemodel_file: z.string().min(1),
    net_type: z
      .union([z.literal(0), z.literal(1), z.literal(2)])
      .default(0)
      .describe('0 CNN, 1 ROI/PSROI, 2 recurrent.'),
    image_list: z.string().min(1).describe('20–50 typical images.'),
    image_type: z
      .union([z.literal(0), z.literal(1), z.literal(3), z.literal(5)])
      .default(1)
      .describe('0 S32 feature map, 1 U8 BGR/gray image, 3 YUV420SP, 5 YUV422SP.'),
    norm_type: z
      .number()
      .int()
      .min(0)
      .max(5)
      .default(3)
      .describe(
        '0 none, 1 mean file, 2 channel mean, 3 ×data_scale, 4 mean file then ×scale, 5 channel mean then ×scale.',
      ),
    data_scale: z
      .number()
      .gt(1 / 4096)
      .default(0.00390625),
    mean_file: z.string().default('null'),
    batch_num: z.number().int().min(0).max(256).default(256),
    sparse_rate: z.number().min(0).max(1).default(0),
    compile_mode: z
      .union([z.literal(0), z.literal(1), z.literal(2)])
      .default(0)
      .describe('0 low-bandwidth (int8), 1 high-precision (int16), 2 user-specified layers.'),
    compress_mode: z.union([z.literal(0), z.literal(1)]).default(0),
    max_roi_frame_cnt: z.number().int().min(1).max(5000).default(300),
    is_simulation: z
      .union([z.literal(0), z.literal(1)])
      .default(0)
      .describe('0 chip (inst) — required on the board; 1 PC functional simulation.'),
    instruction_name: z.string().max(119).default('inst'),
    internal_stride: z
      .union([z.literal(16), z.literal(32)])
      .default(16)
      .describe('16 DDR3, 32 DDR4.'),
    is_check_prototxt: z.union([z.literal(0), z.literal(1)]).default(0),
    log_level: z.number().int().min(0).max(3).default(0),
    RGB_order: z.enum(['RGB', 'BGR']).default('BGR'),
  })
  .strict();
export type NnieCfg = z.output<typeof NnieCfgSchema>;
