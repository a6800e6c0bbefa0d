// Bundles the CLI (src/main/cli/index.ts and everything it imports from src/) into out/cli/index.mjs, so
// `npu-workbench` starts without compiling TypeScript at run time. Pure-JS packages are bundled too (one file
// to load instead of hundreds); native ones stay in node_modules. esbuild is what tsx itself runs on, so it is
// always installed. `npm run build` runs this.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
await build({
  entryPoints: [path.join(root, 'src', 'main', 'cli', 'index.ts')],
  outfile: path.join(root, 'out', 'cli', 'index.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  external: ['better-sqlite3', 'sharp', 'onnxruntime-node'],
  // Bundled CommonJS packages call require(); give the ES module one.
  banner: {
    js: "import { createRequire as __cliRequire } from 'node:module'; const require = __cliRequire(import.meta.url);",
  },
  sourcemap: 'linked',
  logLevel: 'warning',
});
