import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Settings } from '../../../shared/contract';
import type { InterpreterReport } from '../../../shared/contract/toolchains-contract';

type Source = InterpreterReport['sources'][number];

export interface InterpreterCandidate {
  path: string;
  realPath: string;
  sources: Source[];
}

const isExecutable = (file: string): boolean => {
  try {
    return statSync(file).isFile() && (statSync(file).mode & 0o111) !== 0;
  } catch {
    return false;
  }
};

/** Every executable `name` on PATH, in PATH order (like `which -a`). */
export function whichAll(name: string, env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, name))
    .filter(isExecutable);
}

const subdirs = (dir: string): string[] => {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => path.join(dir, d.name));
  } catch {
    return [];
  }
};

/**
 * Python interpreters a user may run the toolchains with: the configured one, NPU_WORKBENCH_PYTHON,
 * PATH, project venvs (.venv/venv/env next to the workspace or cwd), conda envs and pyenv versions.
 */
export function discoverInterpreters(
  settings: Pick<Settings, 'pythonPath'>,
  projectDirs: string[],
  env: NodeJS.ProcessEnv = process.env,
): InterpreterCandidate[] {
  const found: { path: string; source: Source }[] = [];
  const add = (file: string | undefined, source: Source): void => {
    if (file) found.push({ path: file, source });
  };
  add(settings.pythonPath || undefined, 'setting');
  add(env.NPU_WORKBENCH_PYTHON, 'env');
  for (const name of ['python3', 'python']) whichAll(name, env).forEach((p) => add(p, 'path'));
  for (const dir of projectDirs)
    for (const venv of ['.venv', 'venv', 'env']) add(path.join(dir, venv, 'bin', 'python'), 'venv');
  const home = env.HOME ?? os.homedir();
  const condaRoots = [
    env.CONDA_PREFIX,
    ...['miniconda3', 'anaconda3', 'miniforge3', 'mambaforge', '.conda'].map((d) => path.join(home, d)),
  ].filter((d): d is string => !!d);
  for (const root of condaRoots) {
    add(path.join(root, 'bin', 'python'), 'conda');
    subdirs(path.join(root, 'envs')).forEach((e) => add(path.join(e, 'bin', 'python'), 'conda'));
  }
  subdirs(path.join(env.PYENV_ROOT ?? path.join(home, '.pyenv'), 'versions')).forEach((v) =>
    add(path.join(v, 'bin', 'python'), 'pyenv'),
  );
  add('/usr/bin/python3', 'system');

  const byReal = new Map<string, InterpreterCandidate>();
  for (const f of found) {
    // A configured path that does not exist is still reported (as an error), so keep it.
    const exists = existsSync(f.path) && isExecutable(f.path);
    if (!exists && f.source !== 'setting' && f.source !== 'env') continue;
    // A venv's bin/python links to its base interpreter, but it is another environment: key by the
    // real folder of the link plus the real file name, so /bin/python3 and /usr/bin/python3 still merge.
    const realPath = exists
      ? path.join(realpathSync(path.dirname(f.path)), path.basename(realpathSync(f.path)))
      : f.path;
    const entry = byReal.get(realPath);
    if (entry) {
      if (!entry.sources.includes(f.source)) entry.sources.push(f.source);
    } else byReal.set(realPath, { path: f.path, realPath, sources: [f.source] });
  }
  return [...byReal.values()];
}
