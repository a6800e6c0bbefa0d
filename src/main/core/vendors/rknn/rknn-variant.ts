import type { RknnOptions } from './rknn-backend';

/**
 * The AP ledger's variant of an rknn build: fp16 without quantization, else the quantized dtype
 * (`asymmetric_quantized-8` is the pre-2.1 name of w8a8).
 */
export function rknnVariant(options: Pick<RknnOptions, 'config' | 'build'>): string {
  if (options.build.do_quantization === false) return 'fp16';
  const dtype = options.config.quantized_dtype ?? 'w8a8';
  return dtype === 'asymmetric_quantized-8' ? 'w8a8' : dtype;
}
