import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAKE_BIN, fakeEnv, tinyYoloOnnx } from '../../../../test/fakes/fake-toolchains';
import { tempDir } from '../../../../test/support/temp-workspace';
import { processIsAlive } from '../store/runs-repo';
import { DriverError } from './python-driver';
import { runTool } from './tool-process';

describe('runTool (vendor CLIs)', () => {
  it('cancel stops a hung tool and everything in its process group', async () => {
    const dir = tempDir();
    const pidFile = path.join(dir, 'pid');
    const controller = new AbortController();
    const running = runTool(path.join(FAKE_BIN, 'trtexec'), [`--onnx=${tinyYoloOnnx(dir)}`], {
      env: fakeEnv({ FAKE_TRT_MODE: 'hang', FAKE_TRT_PIDFILE: pidFile }),
      signal: controller.signal,
    }).catch((e: unknown) => e);
    for (let i = 0; i < 300 && !existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 50));
    const pid = Number(readFileSync(pidFile, 'utf8'));
    controller.abort();
    const err = (await running) as DriverError;
    expect(err).toBeInstanceOf(DriverError);
    expect(err.cancelled).toBe(true);
    expect(err.lastLines[0]).toMatch(/&&&& RUNNING TensorRT\.trtexec/);
    for (let i = 0; i < 100 && processIsAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
    expect(processIsAlive(pid)).toBe(false);
  });

  it('a missing executable names the tool and the fix', async () => {
    await expect(runTool('/nonexistent/atc', [], { hint: 'Install the SDK.' })).rejects.toThrow(
      /atc was not found \(\/nonexistent\/atc\)/,
    );
  });
});
