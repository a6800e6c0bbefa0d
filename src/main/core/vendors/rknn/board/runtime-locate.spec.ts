import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { fakeRknpu2Runtime, fakeToolkitClone } from '../../../../../../test/fakes/fake-rknn-sdk';
import { SYSTEM_PYTHON, tempDir } from '../../../../../../test/support/temp-workspace';
import type { UserError } from '../../../errors/user-error';
import { detectHostToolkit } from './host-toolkit';
import { locateRuntime, runtimeCandidates } from './runtime-locate';

const rk3588 = { kind: 'linux', abi: 'aarch64' } as const;

describe('the runtime the installed rknn-toolkit2 ships', () => {
  const root = tempDir('npu-wb-sdk-');
  const home = path.join(root, 'home');
  mkdirSync(home);
  const { runtime, packageDir } = fakeToolkitClone(path.join(root, 'clones'));
  const older = fakeRknpu2Runtime(path.join(root, 'older', 'runtime'), '2.0.0');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('finds the package through the configured Python (env_snapshot reports where rknn lives)', async () => {
    vi.stubEnv('PYTHONPATH', path.dirname(packageDir));
    try {
      expect(await detectHostToolkit({ pythonPath: SYSTEM_PYTHON })).toEqual({
        version: '2.3.2',
        location: packageDir,
      });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("finds the SDK's rknpu2/runtime a few folders up from the package (a venv inside the clone)", async () => {
    const found = await locateRuntime(
      { configured: [], toolkit: { version: '2.3.2', location: packageDir }, home },
      rk3588,
    );
    expect([found.dir, found.source]).toEqual([runtime, 'toolkit']);
    expect(path.relative(runtime, found.bundle.lib.path)).toBe('Linux/librknn_api/aarch64/librknnrt.so');
  });

  it("prefers the copy with the toolkit's version over a configured older one, else the configured one", async () => {
    const search = { configured: [older], toolkit: { version: '2.3.2', location: packageDir }, home };
    expect((await locateRuntime(search, rk3588)).dir).toBe(runtime);
    const noVersion = await locateRuntime({ ...search, toolkit: { version: null, location: packageDir } }, rk3588);
    expect([noVersion.dir, noVersion.source, noVersion.bundle.lib.version]).toEqual([older, 'settings', '2.0.0']);
  });

  it('looks in the usual clone locations when the toolkit is not installed (the wheel has no runtime)', async () => {
    const userHome = path.join(root, 'user');
    const clone = fakeToolkitClone(path.join(userHome, 'Downloads'));
    expect(runtimeCandidates({ configured: [], toolkit: null, home: userHome }).map((c) => c.dir)).toContain(
      clone.runtime,
    );
    const found = await locateRuntime({ configured: [], toolkit: null, home: userHome }, rk3588);
    expect([found.dir, found.source]).toEqual([clone.runtime, 'usual place']);
  });

  it('asks for the folder when there is none, naming where it looked (the runtimeDir field)', async () => {
    const error = (await locateRuntime({ configured: [home], toolkit: null, home }, rk3588).catch(
      (e: unknown) => e,
    )) as UserError;
    expect(error.message).toBe(
      `No rknn-toolkit2 runtime folder (rknpu2/runtime) was found on this computer with a copy for this board ` +
        `(looked in ${home})`,
    );
    expect(error.hint).toMatch(/the pip wheel does not ship the board runtime/);
    expect(error.field).toBe('runtimeDir');
    // A chosen folder without a copy for the board: the same field, so the UI asks again.
    await expect(locateRuntime({ given: home, configured: [], toolkit: null }, rk3588)).rejects.toMatchObject({
      message: `${home}: no rknn_server and librknnrt.so for Linux aarch64 in this folder`,
      field: 'runtimeDir',
    });
  });
});
