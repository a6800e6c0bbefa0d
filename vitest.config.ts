import { configDefaults, defineConfig } from 'vitest/config';
import { systemPackageExcludes } from './test/support/system-packages';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
    // Specs that need a missing Debian package (python3-torch, adb, …) are left out with one summary line.
    exclude: [...configDefaults.exclude, ...systemPackageExcludes(import.meta.dirname, ['src', 'test'], '.spec.ts')],
    environment: 'node',
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    typecheck: { enabled: true, include: ['src/**/*.spec-d.ts'], tsconfig: './tsconfig.node.json' },
  },
});
