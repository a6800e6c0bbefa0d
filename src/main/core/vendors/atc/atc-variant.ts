import path from 'node:path';
import type { RunConfig } from '../../../../shared/contract';
import { ATC_DEFAULT_SOC } from './atc-options';

/** What an `.om` is, for the AP ledger, and the SoC it was built for. */
export interface AtcBuild {
  variant: string;
  variantDetail: Record<string, unknown>;
  soc: string;
}

/** compile_mode → variant: A8W8, A16W8, and the CUBE-only forms whose other ops run fp16 (ATC guide). */
const COMPILE_MODE_VARIANT: Record<number, string> = { 0: 'w8a8', 1: 'w8a16', 5: 'w8a8+fp16', 6: 'w8a16+fp16' };

/**
 * The variant of an ATC build from its options: compile_mode, with `high_precision_layer` or calibration overrides
 * making it a hybrid of that base (the listed layers run A16W8, or as the override says).
 */
export function atcVariant(flags: unknown, calibrationOverrides: { layer: string }[] = []): AtcBuild {
  // The convert-atc stage validated these flags when it ran.
  const f = (flags ?? {}) as Partial<Record<'high_precision_layer' | 'gfpq_param_file' | 'soc_version', string>> & {
    compile_mode?: number;
  };
  const compileMode = f.compile_mode ?? 0;
  const base = COMPILE_MODE_VARIANT[compileMode] ?? `compile_mode ${compileMode}`;
  const highPrecision = (f.high_precision_layer ?? '').split(';').filter(Boolean);
  const overrides = calibrationOverrides.map((o) => o.layer);
  const hybrid = highPrecision.length > 0 || overrides.length > 0 || Boolean(f.gfpq_param_file);
  return {
    variant: hybrid ? 'hybrid' : base,
    variantDetail: {
      configured: true,
      compileMode,
      ...(hybrid && { base, precision: 'int16' }),
      ...(highPrecision.length && { highPrecisionLayers: highPrecision }),
      ...(overrides.length && { calibrationOverrides: overrides }),
      ...(f.gfpq_param_file && { gfpqParamFile: f.gfpq_param_file }),
    },
    soc: f.soc_version ?? ATC_DEFAULT_SOC,
  };
}

/**
 * The ATC build of an `.om` this run made: the last `convert-atc` stage before `before` whose `out` is the model
 * (or any, for `artifact:atc-om`); null for an `.om` built elsewhere.
 */
export function atcBuildInRun(config: RunConfig, before: number, model: string, baseDir: string): AtcBuild | null {
  const stage = config.stages
    .slice(0, before)
    .filter((s) => s.kind === 'convert-atc')
    .reverse()
    .find((s) => {
      const out = (s as { out?: unknown }).out;
      return model === 'artifact:atc-om' || (typeof out === 'string' && path.resolve(baseDir, out) === model);
    }) as { flags?: unknown; calibrationOverrides?: { layer: string }[] } | undefined;
  return stage ? atcVariant(stage.flags, stage.calibrationOverrides) : null;
}
