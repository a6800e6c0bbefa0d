import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Debian packages some specs need (`.ci/run` installs them). On a machine without one, the specs that need it are
 * left out of the run with one summary line naming the packages and the install command; under CI=true a missing
 * package fails the run instead, so CI never passes by skipping.
 */
export const SYSTEM_PYTHON = '/usr/bin/python3';

const PYTHON_MODULES: Record<string, string> = {
  torch: 'python3-torch',
  onnx: 'python3-onnx',
  numpy: 'python3-numpy',
  cv2: 'python3-opencv',
};

/** What a spec file needs, from what it uses (the system Python and its drivers, the real adb client, Chromium). */
const NEEDS: { packages: string[]; uses: (file: string, text: string) => boolean }[] = [
  {
    packages: Object.values(PYTHON_MODULES),
    uses: (_f, text) => /SYSTEM_PYTHON|\/usr\/bin\/python3|fixtureDriver\(|layoutZoo\(|yolov8nDemo\(/.test(text),
  },
  { packages: ['adb'], uses: (_f, text) => /fake-adb-harness|REAL_ADB/.test(text) },
  { packages: ['chromium'], uses: (file) => file.endsWith('.e2e.ts') },
];

/** The packages among those above that this machine lacks (NPU_WB_PRETEND_MISSING adds some, for testing this). */
export function missingSystemPackages(env: NodeJS.ProcessEnv = process.env, python = SYSTEM_PYTHON): string[] {
  const missing = new Set((env.NPU_WB_PRETEND_MISSING ?? '').split(',').filter(Boolean));
  const modules = Object.keys(PYTHON_MODULES);
  // find_spec locates a module without importing it (importing torch alone takes seconds).
  const probe = spawnSync(
    python,
    [
      '-c',
      `import importlib.util as u\nprint(",".join(m for m in ${JSON.stringify(modules)} if u.find_spec(m) is None))`,
    ],
    { encoding: 'utf8', timeout: 30_000 },
  );
  const absent = probe.status === 0 ? probe.stdout.trim().split(',').filter(Boolean) : modules;
  for (const m of absent) missing.add(PYTHON_MODULES[m]!);
  if (!existsSync('/usr/bin/adb')) missing.add('adb');
  if (!existsSync(env.CHROMIUM_PATH ?? '/usr/bin/chromium')) missing.add('chromium');
  return [...missing].sort();
}

export interface SkipPlan {
  /** Spec files (relative to the root) left out of the run. */
  exclude: string[];
  /** The one line to print, or null when nothing is missing. */
  summary: string | null;
}

/** Which of `specFiles` to leave out because of `missing` packages; throws under CI=true when anything is missing. */
export function planSystemPackageSkips(
  root: string,
  specFiles: string[],
  missing: string[],
  env: NodeJS.ProcessEnv = process.env,
): SkipPlan {
  if (missing.length === 0) return { exclude: [], summary: null };
  const install = `sudo apt-get install -y ${missing.join(' ')}`;
  if (env.CI === 'true')
    throw new Error(`CI=true and Debian packages the tests need are missing: ${missing.join(', ')}. Run: ${install}`);
  const exclude = specFiles.filter((file) => {
    const text = readFileSync(path.join(root, file), 'utf8');
    return NEEDS.some((n) => n.packages.some((p) => missing.includes(p)) && n.uses(file, text));
  });
  return {
    exclude,
    summary:
      `Skipping ${exclude.length} spec file(s) that need missing Debian packages (${missing.join(', ')}); ` +
      `install them with: ${install}`,
  };
}

/** Spec files under `dirs` whose names end with `suffix`, relative to `root`. */
export function listSpecFiles(root: string, dirs: string[], suffix: string): string[] {
  return dirs.flatMap((dir) =>
    existsSync(path.join(root, dir))
      ? readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
          .filter((f) => f.endsWith(suffix))
          .map((f) => path.join(dir, f))
      : [],
  );
}

/** For the vitest configs: the exclude list, with the summary printed once. */
export function systemPackageExcludes(root: string, dirs: string[], suffix: string): string[] {
  const plan = planSystemPackageSkips(root, listSpecFiles(root, dirs, suffix), missingSystemPackages());
  if (plan.summary) process.stderr.write(`${plan.summary}\n`);
  return plan.exclude;
}
