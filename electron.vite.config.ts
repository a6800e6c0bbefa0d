import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      // Native and heavy Node packages stay external and are loaded from node_modules at run time.
      externalizeDeps: true,
      // The onnxruntime worker thread is its own entry (out/main/ort-worker.js, beside index.js).
      rollupOptions: {
        input: { index: resolve('src/main/app/index.ts'), 'ort-worker': resolve('src/main/core/eval/ort-worker.ts') },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require() packages: bundle everything into one CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    plugins: [react()],
    // monaco-yaml's worker imports monaco's old deep path, which monaco-editor 0.56+ no longer exports.
    resolve: {
      alias: [
        { find: /^monaco-editor\/esm\/vs\/(.*)$/, replacement: `${resolve('node_modules/monaco-editor/esm/vs')}/$1` },
      ],
    },
    build: { rollupOptions: { input: { index: resolve('src/renderer/index.html') } } },
  },
});
