import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function readVersion(): string {
  for (const rel of ['../../../../package.json', '../../package.json', '../package.json']) {
    try {
      const pkg = require(rel) as { name?: string; version?: string };
      if (pkg.name === 'npu-workbench' && pkg.version) return pkg.version;
    } catch {
      /* try the next layout (source tree vs bundle) */
    }
  }
  return '0.0.0';
}

export const WORKBENCH_VERSION = readVersion();
