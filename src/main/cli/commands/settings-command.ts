import type { Command } from 'commander';
import { type Settings, type SettingsPatch, SettingsPatchSchema, SettingsSchema } from '../../../shared/contract';
import { UserError } from '../../core/errors/user-error';
import { type GlobalOptions, withApi } from '../cli-context';
import { UsageError } from '../cli-errors';
import { printJson } from '../output';

const isSettingKey = (key: string): key is keyof Settings => Object.hasOwn(SettingsSchema.shape, key);

/** Parses a CLI value to the type the setting has (number, list, null or text). */
function parseSettingValue(key: string, raw: string): { patch: SettingsPatch; value: unknown } {
  if (!isSettingKey(key))
    throw new UsageError(`Unknown setting "${key}"`, `Known settings: ${Object.keys(SettingsSchema.shape).join(', ')}`);
  const shape = SettingsSchema.shape[key];
  const sample = shape.safeParse(1).success ? 0 : shape.safeParse([]).success ? [] : '';
  const value =
    raw === 'null' && shape.safeParse(null).success
      ? null
      : typeof sample === 'number'
        ? Number(raw)
        : Array.isArray(sample)
          ? raw === ''
            ? []
            : raw.split(',').map((s) => s.trim())
          : raw;
  const patch = SettingsPatchSchema.safeParse({ [key]: value });
  if (!patch.success)
    throw new UserError(`Invalid value for ${key}: ${patch.error.issues[0].message}`, undefined, 'invalid_input');
  return { patch: patch.data, value };
}

export function registerSettingsCommand(program: Command, globals: () => GlobalOptions): void {
  const settings = program
    .command('settings')
    .description('show or change workspace settings (Python interpreter, adb, runtimes, threads)');
  settings
    .command('show')
    .alias('get')
    .option('--json', 'print one JSON document')
    .action(async (opts: { json?: boolean }) => {
      const value = await withApi(globals(), (api) => api.settings.get());
      if (opts.json) return printJson(value);
      for (const [k, v] of Object.entries(value)) process.stdout.write(`${k} = ${JSON.stringify(v)}\n`);
    });
  settings
    .command('set <key> <value>')
    .description('set one setting; lists are comma-separated, "null" clears a nullable one')
    .action(async (key: string, raw: string) => {
      const { patch, value } = parseSettingValue(key, raw);
      await withApi(globals(), (api) => api.settings.update(patch));
      process.stdout.write(`${key} = ${JSON.stringify(value)}\n`);
    });
}
