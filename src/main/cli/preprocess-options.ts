import { type Command, InvalidArgumentError, Option } from 'commander';
import type { PreprocessOverrides } from '../../shared/contract/eval-contract';
import { LETTERBOX_PRESETS } from '../core/data/letterbox';

/** The pre-processing flags `eval` and `analyse` share, as commander parses them. */
export interface PreprocessCliOptions {
  preset: string;
  resize?: 'letterbox' | 'stretch';
  padValue?: number;
  padAt?: 'centre' | 'top-left';
  channels?: 'rgb' | 'bgr';
  mean?: [number, number, number];
  std?: [number, number, number];
}

/** "a,b,c" (per channel, model order) or one value for all three. */
function parseTriple(value: string, flag: string): [number, number, number] {
  const parts = value.split(',').map((v) => Number(v.trim()));
  if ((parts.length !== 1 && parts.length !== 3) || parts.some((v) => !Number.isFinite(v)))
    throw new InvalidArgumentError(`${flag} takes one number or three comma-separated numbers, got "${value}"`);
  return (parts.length === 1 ? [parts[0], parts[0], parts[0]] : parts) as [number, number, number];
}

function parsePad(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 255)
    throw new InvalidArgumentError(`--pad-value must be 0..255, got "${value}"`);
  return n;
}

/** Adds --preset and the options that override it (every command that letterboxes images takes the same ones). */
export function addPreprocessOptions(command: Command, defaultPreset: string): Command {
  return command
    .addOption(
      new Option('--preset <name>', 'pre-processing preset (a named set of the options below)')
        .choices([...LETTERBOX_PRESETS])
        .default(defaultPreset),
    )
    .addOption(
      new Option('--resize <mode>', 'letterbox (keep aspect, pad) or stretch').choices(['letterbox', 'stretch']),
    )
    .option('--pad-value <n>', 'letterbox pad byte: 0, 114, 128 …', parsePad)
    .addOption(new Option('--pad-at <where>', 'letterbox placement').choices(['centre', 'top-left']))
    .addOption(new Option('--channels <order>', 'channel order fed to the model').choices(['rgb', 'bgr']))
    .option('--mean <r,g,b>', 'subtracted per channel (model order), in 0..255 units', (v) => parseTriple(v, '--mean'))
    .option('--std <r,g,b>', 'divisor per channel after the mean (255 = /255)', (v) => parseTriple(v, '--std'));
}

/** The overrides given on the command line, or undefined when none was. */
export function preprocessFromCli(o: PreprocessCliOptions): PreprocessOverrides | undefined {
  const overrides: PreprocessOverrides = {
    ...(o.resize && { resize: o.resize }),
    ...(o.padValue !== undefined && { pad: o.padValue }),
    ...(o.padAt && { placement: o.padAt }),
    ...(o.channels && { channels: o.channels }),
    ...(o.mean && { mean: o.mean }),
    ...(o.std && { std: o.std }),
  };
  return Object.keys(overrides).length ? overrides : undefined;
}
