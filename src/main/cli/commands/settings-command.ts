import type { Command } from 'commander';
import { SettingsSchema, type Settings } from '../../../shared/contract';
import { type GlobalOptions, withCore } from '../cli-context';
import { UsageError } from '../cli-errors';
import { printJson } from '../output';

/** Parses a CLI value to the type the setting has (number, list, null or text). */
function parseSettingValue(key: keyof Settings, raw: string): unknown {
  const shape = SettingsSchema.shape[key];
  if (!shape)
    throw new UsageError(`Unknown setting "${key}"`, `Known settings: ${Object.keys(SettingsSchema.shape).join(', ')}`);
  const sample = shape.safeParse(1).success ? 0 : shape.safeParse([]).success ? [] : '';
  if (raw === 'null' && shape.safeParse(null).success) return null;
  if (typeof sample === 'number') return Number(raw);
  if (Array.isArray(sample)) return raw === '' ? [] : raw.split(',').map((s) => s.trim());
  return raw;
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
      const value = (await withCore(globals(), (core) => core.dispatch('settings:get', undefined))) as Settings;
      if (opts.json) return printJson(value);
      for (const [k, v] of Object.entries(value)) process.stdout.write(`${k} = ${JSON.stringify(v)}\n`);
    });
  settings
    .command('set <key> <value>')
    .description('set one setting; lists are comma-separated, "null" clears a nullable one')
    .action(async (key: string, raw: string) => {
      const value = parseSettingValue(key as keyof Settings, raw);
      await withCore(globals(), (core) => core.dispatch('settings:update', { [key]: value }));
      process.stdout.write(`${key} = ${JSON.stringify(value)}\n`);
    });
}
