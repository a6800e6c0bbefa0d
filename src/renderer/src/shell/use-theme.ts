import { useCallback, useEffect, useState } from 'react';
import type { Settings } from '../../../shared/contract';
import { useApi } from '../api/api-context';

export type ThemeChoice = Settings['theme'];
const NEXT: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };
const dark = window.matchMedia('(prefers-color-scheme: dark)');

export function effectiveTheme(choice: ThemeChoice): 'light' | 'dark' {
  return choice === 'system' ? (dark.matches ? 'dark' : 'light') : choice;
}

/**
 * The theme lives in workspace settings so the desktop app and browser mode agree; `data-theme` on <html> drives the
 * CSS.
 */
export function useTheme(): {
  choice: ThemeChoice;
  applied: 'light' | 'dark';
  cycle(): void;
  /** A theme already saved elsewhere (the Settings screen). */
  show(choice: ThemeChoice): void;
} {
  const api = useApi();
  const [choice, setChoice] = useState<ThemeChoice>(
    () => (localStorage.getItem('npu-wb-theme') as ThemeChoice | null) ?? 'system',
  );
  const [applied, setApplied] = useState(() => effectiveTheme(choice));

  useEffect(() => {
    api.settings.get().then(
      (s) => setChoice(s.theme),
      () => undefined,
    );
  }, [api]);

  useEffect(() => {
    const apply = (): void => {
      const next = effectiveTheme(choice);
      document.documentElement.dataset.theme = next;
      setApplied(next);
    };
    apply();
    localStorage.setItem('npu-wb-theme', choice);
    dark.addEventListener('change', apply);
    return () => dark.removeEventListener('change', apply);
  }, [choice]);

  const cycle = useCallback(() => {
    const next = NEXT[choice];
    setChoice(next);
    api.settings.update({ theme: next }).catch(() => undefined);
  }, [api, choice]);

  return { choice, applied, cycle, show: setChoice };
}
