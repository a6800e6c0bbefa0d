import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/run-cli';
import { listSpecFiles, missingSystemPackages, planSystemPackageSkips } from './support/system-packages';

const specs = listSpecFiles(repoRoot, ['src', 'test', 'e2e'], '.ts').filter((f) => /\.(spec|e2e)\.ts$/.test(f));

describe('specs that need Debian packages on a machine without them', () => {
  it('are left out with one summary line naming the packages and the install command', () => {
    const plan = planSystemPackageSkips(repoRoot, specs, ['adb', 'chromium'], {});
    expect(plan.exclude).toContain(path.join('test', 'board-cli.spec.ts'));
    expect(plan.exclude).toContain(path.join('src', 'main', 'core', 'board', 'adb-client.spec.ts'));
    expect(plan.exclude).toContain(path.join('e2e', 'browser-mode.e2e.ts'));
    expect(plan.exclude).not.toContain(path.join('test', 'cli.spec.ts'));
    expect(plan.summary).toMatch(
      /^Skipping \d+ spec file\(s\) .*\(adb, chromium\); .*sudo apt-get install -y adb chromium$/,
    );
    const python = planSystemPackageSkips(repoRoot, specs, ['python3-torch'], {});
    expect(python.exclude).toContain(path.join('test', 'cli.spec.ts'));
    expect(python.exclude).not.toContain(path.join('src', 'main', 'core', 'board', 'adb-client.spec.ts'));
    expect(planSystemPackageSkips(repoRoot, specs, [], {})).toEqual({ exclude: [], summary: null });
  });

  it('fail the run under CI=true instead', () => {
    expect(() => planSystemPackageSkips(repoRoot, specs, ['python3-onnx'], { CI: 'true' })).toThrow(
      /CI=true .* missing: python3-onnx\. Run: sudo apt-get install -y python3-onnx/,
    );
  });

  it('are detected: a Python without the modules lacks all four Python packages', () => {
    expect(missingSystemPackages({}, '/nope/python3')).toEqual(
      expect.arrayContaining(['python3-numpy', 'python3-onnx', 'python3-opencv', 'python3-torch']),
    );
  });

  it('vitest itself prints the line and leaves the specs out (and CI=true fails)', { timeout: 120_000 }, () => {
    const list = (env: Record<string, string>) =>
      spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'list', '--filesOnly'], {
        cwd: repoRoot,
        env: { ...process.env, CI: '', NPU_WB_PRETEND_MISSING: 'adb', ...env },
        encoding: 'utf8',
        timeout: 110_000,
      });
    const out = list({});
    expect(out.stdout).not.toMatch(/board-cli\.spec\.ts/);
    expect(out.stdout).toMatch(/test\/system-packages\.spec\.ts/);
    expect(out.stderr.match(/^Skipping \d+ spec file\(s\).*sudo apt-get install -y adb$/gm)).toHaveLength(1);
    expect(list({ CI: 'true' }).status).not.toBe(0);
  });
});
