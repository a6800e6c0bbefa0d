import { z } from 'zod';

export const LayerErrorSourceSchema = z.enum(['sim', 'vendor-sim', 'board']);
export type LayerErrorSource = z.infer<typeof LayerErrorSourceSchema>;

/** One row of a per-layer error table (the columns of rknn's error_analysis.txt plus SQNR). */
export const LayerErrorSchema = z.object({
  source: LayerErrorSourceSchema,
  seq: z.number().int(),
  tensor: z.string(),
  opType: z.string().nullable(),
  onnxNode: z.string().nullable(),
  cosEntire: z.number().nullable(),
  cosSingle: z.number().nullable(),
  eucEntire: z.number().nullable(),
  eucSingle: z.number().nullable(),
  sqnr: z.number().nullable(),
});
export type LayerError = z.infer<typeof LayerErrorSchema>;

export const LayerErrorQuerySchema = z
  .object({ id: z.number().int().positive(), source: LayerErrorSourceSchema.optional() })
  .strict();
