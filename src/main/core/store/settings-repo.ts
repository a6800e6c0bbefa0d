import { DEFAULT_SETTINGS, type Settings, SettingsPatchSchema, type SettingsPatch } from '../../../shared/contract';
import type { Db } from './database';

/** Settings are stored key by key as JSON, so adding a setting needs no migration. */
export class SettingsRepo {
  constructor(private readonly db: Db) {}

  get(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
    const known = SettingsPatchSchema.safeParse(
      Object.fromEntries(Object.entries(stored).filter(([k]) => k in DEFAULT_SETTINGS)),
    );
    return { ...DEFAULT_SETTINGS, ...(known.success ? known.data : {}) };
  }

  update(patch: SettingsPatch): Settings {
    const valid = SettingsPatchSchema.parse(patch);
    const upsert = this.db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(valid)) if (value !== undefined) upsert.run(key, JSON.stringify(value));
    })();
    return this.get();
  }
}
