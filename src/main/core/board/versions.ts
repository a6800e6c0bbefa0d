/** `2.3.2`, `1.5.3b13`, `v0.9.6`, `2.0.0b0+abc` → [major, minor, patch]; null when there is no x.y.z. */
export function versionCore(version: string | null | undefined): [number, number, number] | null {
  const m = /(\d+)\.(\d+)\.(\d+)/.exec(version ?? '');
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/** Compares the x.y.z cores: negative when a < b, 0 when equal, positive when a > b; null when either is unknown. */
export function compareVersions(a: string | null | undefined, b: string | null | undefined): number | null {
  const x = versionCore(a);
  const y = versionCore(b);
  if (!x || !y) return null;
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}
