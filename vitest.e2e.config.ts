import { configDefaults, defineConfig } from 'vitest/config';
import { systemPackageExcludes } from './test/support/system-packages';

/** Browser-mode end-to-end tests: the built renderer served by the real server, driven in Debian Chromium. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    exclude: [...configDefaults.exclude, ...systemPackageExcludes(import.meta.dirname, ['e2e'], '.e2e.ts')],
    environment: 'node',
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
