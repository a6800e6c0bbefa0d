import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { asGiven } from '../option-blocks';
import { ATC_DEFAULT_SOC, AtcFlagsSchema, type NnieCfg, NnieCfgSchema } from './atc-options';
import { UserError } from '../../errors/user-error';
import { loadOnnx } from '../../onnx/onnx-model';
import {
  ATC_DATA_TYPES,
  type AtcDataType,
  calibrationLayers,
  overrideLayer,
  parseTextProto,
  writeTextProto,
} from './atc-calibration-param';
import type { Backend, ConvertOutcome, ToolRun } from '../../toolchains/backend';
import { runTool } from '../../toolchains/tool-process';

const DataType = z.enum(ATC_DATA_TYPES);

/** One calibration_param.txt edit: e.g. run the stride Mul in S16 (`{layer: /model.22/Mul_2, calcDataType: S16}`). */
export const CalibrationOverrideSchema = z
  .object({
    layer: z.string().min(1),
    calcDataType: DataType.optional(),
    inputs: z
      .array(
        z
          .object({ dataType: DataType, scale: z.array(z.number()).optional(), offset: z.array(z.number()).optional() })
          .strict(),
      )
      .optional(),
  })
  .strict();

export const AtcOptionsSchema = z
  .object({
    flags: asGiven(AtcFlagsSchema).default({}),
    /** Applied to the calibration_param.txt of a first pass, then ATC runs again with --gfpq_param_file. */
    calibrationOverrides: z.array(CalibrationOverrideSchema).default([]),
    executable: z.string().default('atc'),
  })
  .strict();
export type AtcOptions = z.output<typeof AtcOptionsSchema>;

const HINT = 'Install the HiSilicon SVP SDK and `source <sdk>/set_env.sh` so atc is on PATH (see docs/toolchains.md).';

/** `--key=value` arguments in schema order; booleans as true/false, as ATC spells them. */
export function atcArgs(flags: Record<string, unknown>): string[] {
  return Object.entries(flags)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `--${k}=${String(v)}`);
}

/** The flags every conversion passes (ONNX in, .om base name out, the default SoC), then the stage's own. */
export function atcFlags(model: string, outBase: string, flags: Record<string, unknown>): Record<string, unknown> {
  return { model, framework: 5, output: outBase, soc_version: ATC_DEFAULT_SOC, ...flags };
}

/** The ATC calibration list: one image path per line (one batch per line for batch 1). */
export async function writeImageList(images: string[], file: string): Promise<string> {
  if (images.length === 0)
    throw new UserError(
      'No calibration images were selected for --image_list',
      'Point calibration.images at a folder or list file (the ATC guide recommends 3–5 typical images).',
      'invalid_input',
    );
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${images.join('\n')}\n`);
  return file;
}

/** NNIE mapper `.cfg` (Hi3516DV300-class): one `[key] value` line per option. */
export function nnieMapperCfg(options: z.input<typeof NnieCfgSchema>): string {
  const cfg: NnieCfg = NnieCfgSchema.parse(options);
  return (
    Object.entries(cfg)
      .map(([k, v]) => `[${k}] ${String(v)}`)
      .join('\n') + '\n'
  );
}

async function readCalibration(file: string): Promise<ReturnType<typeof parseTextProto>> {
  if (!existsSync(file))
    throw new UserError(
      `ATC did not write ${file}`,
      'Check the ATC log; quantized builds write calibration_param.txt next to --output.',
      'failed',
    );
  return parseTextProto(await readFile(file, 'utf8'), file);
}

/**
 * HiSilicon SVP ATC (ONNX → .om), with the calibration_param.txt round trip engineers use to pin one op's precision.
 */
export const atcBackend: Backend<AtcOptions> = {
  id: 'atc',
  title: 'HiSilicon SVP (ATC)',
  optionsSchema: AtcOptionsSchema,

  async convert(request, run: ToolRun): Promise<ConvertOutcome> {
    const options = AtcOptionsSchema.parse(request.options);
    const model = loadOnnx(request.model);
    const input = model.graph.input.find((i) => !model.graph.initializer.some((t) => t.name === i.name));
    if (!input) throw new UserError(`${request.model}: the model has no input`, undefined, 'invalid_input');
    await mkdir(request.workDir, { recursive: true });
    await mkdir(path.dirname(request.out), { recursive: true });
    const outBase = request.out.replace(/\.om$/, '');
    const flags = atcFlags(request.model, outBase, options.flags);
    if (!flags.image_list && request.calibrationImages.length) {
      const list = await writeImageList(request.calibrationImages, path.join(request.workDir, 'image_list.txt'));
      flags.image_list = `${input.name}:${list}`;
    }
    const tool = { ...run, cwd: request.workDir, hint: HINT };
    const notes: string[] = [];
    run.onProgress?.(0, options.calibrationOverrides.length ? 2 : 1, 'atc');
    await runTool(options.executable, atcArgs(flags), tool);
    const calibrationFile = path.join(path.dirname(outBase), 'calibration_param.txt');
    let calibration = await readCalibration(calibrationFile);
    if (options.calibrationOverrides.length) {
      for (const o of options.calibrationOverrides)
        calibration = overrideLayer(calibration, o.layer, {
          calcDataType: o.calcDataType as AtcDataType | undefined,
          inputs: o.inputs as never,
        });
      const edited = path.join(request.workDir, 'calibration_param.edited.txt');
      await writeFile(edited, writeTextProto(calibration));
      notes.push(
        `re-ran ATC with ${options.calibrationOverrides.length} calibration override(s): ` +
          options.calibrationOverrides.map((o) => o.layer).join(', '),
      );
      run.onProgress?.(1, 2, 'atc --gfpq_param_file');
      await runTool(options.executable, atcArgs({ ...flags, gfpq_param_file: edited }), tool);
      calibration = await readCalibration(calibrationFile);
    }
    if (!existsSync(`${outBase}.om`))
      throw new UserError(`ATC finished but ${outBase}.om is missing`, 'Check the ATC log for errors.', 'failed');
    const layers = calibrationLayers(calibration);
    const counts: Record<string, number> = {};
    for (const l of layers) counts[l.calcDataType] = (counts[l.calcDataType] ?? 0) + 1;
    notes.push(
      `calibration_param.txt: ${layers.length} layers (${Object.entries(counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')})`,
    );
    for (const o of options.calibrationOverrides) {
      const got = layers.find((l) => l.name === o.layer);
      if (o.calcDataType && got?.calcDataType !== o.calcDataType)
        throw new UserError(
          `ATC did not keep the override for ${o.layer}: ` +
            `calc_data_type is ${got?.calcDataType ?? 'missing'}, wanted ${o.calcDataType}`,
          'Check that the layer name matches the ONNX node name exactly.',
          'failed',
        );
    }
    const artifacts = [
      { kind: 'atc-om', path: `${outBase}.om` },
      { kind: 'atc-calibration-param', path: calibrationFile },
      ...['atc_perf.csv', 'mapper_debug.log']
        .map((f) => ({ kind: `atc-${f.split('.')[0].replace('_', '-')}`, path: path.join(path.dirname(outBase), f) }))
        .filter((a) => existsSync(a.path)),
    ];
    return {
      model: `${outBase}.om`,
      artifacts,
      metrics: Object.fromEntries(Object.entries(counts).map(([k, v]) => [`atc.layers_${k}`, v])),
      notes,
    };
  },
};
