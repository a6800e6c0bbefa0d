import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { stageInputPaths } from './config-paths';

/** What a stage ran on: its kind, its params as parsed (defaults applied) and a fingerprint of each input. */
export interface StageIdentity {
  kind: string;
  params: unknown;
  inputs: Record<string, { path: string; fingerprint: string }>;
}

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** Objects with sorted keys, so the same params always serialize the same. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => [k, canonical(v)]),
  );
}

/** sha256 of a file read in 1 MiB pieces (a model may be hundreds of megabytes; it is never held whole). */
function sha256File(file: string): string {
  const hash = createHash('sha256');
  const chunk = Buffer.alloc(1 << 20);
  const fd = openSync(file, 'r');
  try {
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) hash.update(chunk.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/**
 * A file by its content; a folder (a dataset, calibration images: thousands of files) by the names, sizes and
 * modification times of everything in it; a missing path as such.
 */
function fingerprint(file: string): string {
  const info = statSync(file, { throwIfNoEntry: false });
  if (!info) return 'missing';
  if (!info.isDirectory()) return sha256File(file);
  const listing = readdirSync(file, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => {
      const full = path.join(d.parentPath, d.name);
      const s = statSync(full);
      return `${path.relative(file, full)}\t${s.size}\t${s.mtimeMs}`;
    })
    .sort();
  return sha256(listing.join('\n'));
}

/**
 * The stage's identity as it starts. An input naming the demo project or an earlier stage's artifact
 * (`artifact:KIND`) counts by name: a stage is reused only after every stage before it was, so those are the same.
 */
export function stageIdentity(kind: string, params: unknown, baseDir: string): StageIdentity {
  const inputs: StageIdentity['inputs'] = {};
  for (const { input, value } of stageInputPaths(params)) {
    if (value.startsWith('artifact:')) continue;
    const file = path.resolve(baseDir, value);
    inputs[input.what] = { path: file, fingerprint: fingerprint(file) };
  }
  return { kind, params: canonical(params), inputs };
}

/** Why a stage that ran as `before` would not be the same now, in plain words; null when it is the same. */
export function identityChange(before: StageIdentity, now: StageIdentity): string | null {
  if (before.kind !== now.kind) return `its kind changed (${before.kind} → ${now.kind})`;
  if (JSON.stringify(before.params) !== JSON.stringify(now.params)) return 'its options changed';
  for (const [what, input] of Object.entries(now.inputs)) {
    const old = before.inputs[what];
    if (!old || old.path !== input.path) return `its ${what} is another path (${input.path})`;
    if (old.fingerprint !== input.fingerprint) return `its ${what} ${input.path} changed since`;
  }
  return Object.keys(before.inputs).some((what) => !(what in now.inputs)) ? 'its inputs changed' : null;
}
