import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureDriver, SYSTEM_PYTHON, tempDir } from '../../../../test/support/temp-workspace';
import { parseDriverLine, parseTqdm } from './driver-protocol';
import { DriverError, runPythonDriver } from './python-driver';
import { processIsAlive } from '../store/runs-repo';

const driver = fixtureDriver('counting_driver.py');

describe('driver protocol parsing', () => {
  it('accepts protocol lines and treats everything else as log text', () => {
    expect(parseDriverLine('{"type":"progress","done":1,"total":4}')).toEqual({ type: 'progress', done: 1, total: 4 });
    expect(parseDriverLine('{"type":"progress","done":"1","total":4}')).toBeNull();
    expect(parseDriverLine('{"type":"weird"}')).toBeNull();
    expect(parseDriverLine('{not json')).toBeNull();
    expect(parseDriverLine('I rknn building ...')).toBeNull();
  });

  it('reads tqdm bars', () => {
    expect(parseTqdm('Analysing:  45%|████▌     | 45/100 [00:01<00:02, 30it/s]')).toEqual({ done: 45, total: 100 });
    expect(parseTqdm('no bar here 3/4')).toBeNull();
  });
});

describe('runPythonDriver', () => {
  it('streams progress, logs, tqdm bars and returns the result and artifacts', async () => {
    const dir = tempDir();
    const progress: number[] = [];
    const logs: string[] = [];
    const out = await runPythonDriver({
      python: SYSTEM_PYTHON,
      script: driver,
      config: { steps: 4, artifact: path.join(dir, 'a.txt') },
      onMessage: (m) => m.type === 'progress' && progress.push(m.done),
      onLog: (t, s) => logs.push(`${s}:${t}`),
    });
    expect(out.result.metrics).toEqual({ steps: 4, map: 0.5 });
    expect(out.artifacts).toEqual([{ kind: 'report', path: path.join(dir, 'a.txt') }]);
    expect(progress).toContain(4);
    expect(logs).toContain('stdout:plain text on stdout');
    expect(logs).toContain('stderr:warning on stderr');
    expect(logs.some((l) => l.includes('counting:'))).toBe(false);
  });

  it('turns a protocol error line into a DriverError with the hint', async () => {
    const err = await runPythonDriver({ python: SYSTEM_PYTHON, script: driver, config: { mode: 'error' } }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DriverError);
    expect((err as DriverError).message).toBe('model.onnx: unsupported op Foo');
    expect((err as DriverError).hint).toBe('Remove Foo before converting.');
  });

  it("reports a crash with the tool's last lines", async () => {
    const err = (await runPythonDriver({ python: SYSTEM_PYTHON, script: driver, config: { mode: 'crash' } }).catch(
      (e: unknown) => e,
    )) as DriverError;
    expect(err.message).toMatch(/exited with code 1: RuntimeError: toolchain exploded/);
    expect(err.lastLines.join('\n')).toContain('Traceback');
  });

  it('joins stderr lines that arrive in several chunks', async () => {
    const err = (await runPythonDriver({
      python: SYSTEM_PYTHON,
      script: driver,
      config: { mode: 'split-stderr' },
    }).catch((e: unknown) => e)) as DriverError;
    expect(err.message).toBe('counting_driver.py exited with code 4: E rknn: part one and two');
  });

  it('requires a result line', async () => {
    await expect(
      runPythonDriver({ python: SYSTEM_PYTHON, script: driver, config: { mode: 'no-result' } }),
    ).rejects.toThrow(/without a result line/);
  });

  it('names a missing interpreter and how to fix it', async () => {
    await expect(runPythonDriver({ python: '/nonexistent/python3', script: driver, config: {} })).rejects.toThrow(
      /Python interpreter not found: \/nonexistent\/python3/,
    );
  });

  it('cancel kills the driver and the processes it started', async () => {
    const pidFile = path.join(tempDir(), 'pids');
    const controller = new AbortController();
    const running = runPythonDriver({
      python: SYSTEM_PYTHON,
      script: driver,
      config: { mode: 'spawn-child', pid_file: pidFile },
      signal: controller.signal,
    }).catch((e: unknown) => e);
    await vitestWaitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').includes(' '));
    const [parent, child] = readFileSync(pidFile, 'utf8').split(' ').map(Number);
    controller.abort();
    const err = (await running) as DriverError;
    expect(err.cancelled).toBe(true);
    await vitestWaitFor(() => !processIsAlive(parent) && !processIsAlive(child));
  });

  it('times out a hung driver', async () => {
    const err = (await runPythonDriver({
      python: SYSTEM_PYTHON,
      script: driver,
      config: { steps: 50, delay: 0.2 },
      timeoutMs: 700,
    }).catch((e: unknown) => e)) as DriverError;
    expect(err.message).toMatch(/did not finish within 1 s/);
  });
});

async function vitestWaitFor(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
