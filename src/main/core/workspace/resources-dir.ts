import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The app's `resources/` folder: NPU_WORKBENCH_RESOURCES when set (packaged app), else the first
 * ancestor of this module holding `resources/python` (source tree, tsx, or the electron-vite bundle).
 */
export function resourcesDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.NPU_WORKBENCH_RESOURCES) return path.resolve(env.NPU_WORKBENCH_RESOURCES);
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    if (existsSync(path.join(dir, 'resources', 'python'))) return path.join(dir, 'resources');
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error('The resources folder (resources/python) was not found; set NPU_WORKBENCH_RESOURCES to its path.');
}

export function pythonScript(name: string): string {
  return path.join(resourcesDir(), 'python', name);
}
