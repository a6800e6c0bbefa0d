/**
 * `2.3.2`, `1.5.3b13`, `v0.9.6`, `2.0.0b0+abc`, `1.13.1+cpu`, `3.12` → [major, minor, patch] (a missing minor or
 * patch is 0); null when the string holds no number at all (`unknown`, empty, null).
 */
export function versionCore(version: string | null | undefined): [number, number, number] | null {
  const m = /(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version ?? '');
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : null;
}

/**
 * Compares the x.y.z cores: negative when a < b, 0 when equal, positive when a > b. Null when either version is
 * unknown, so each caller decides what an unknown version means instead of it silently reading as 0.0.0.
 */
export function compareVersions(a: string | null | undefined, b: string | null | undefined): number | null {
  const x = versionCore(a);
  const y = versionCore(b);
  if (!x || !y) return null;
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}
