import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/support/temp-workspace';
import { openWorkspace } from '../workspace/workspace';

describe('temp artifact files a killed run left behind', () => {
  it('are deleted when the workspace opens, unless their writer or their run is still going', async () => {
    const dir = tempDir('npu-wb-temps-');
    const ws = openWorkspace(dir);
    const done = ws.runs.create({ name: 'done', target: 'rk3588', backend: 'rknn', configText: 'name: done' });
    const open = ws.runs.create({ name: 'open', target: 'rk3588', backend: 'rknn', configText: 'name: open' });
    ws.runs.setStatus(done.id, 'succeeded');
    ws.runs.setStatus(open.id, 'running');
    ws.runs.claim(open.id, process.pid);
    await ws.artifacts.write(done.id, 'model', 'model.onnx', 'kept');
    ws.close();
    const deadPid = spawnSync('true').pid!;
    const doneDir = path.join(dir, 'artifacts', `run-${done.id}`);
    const openDir = path.join(dir, 'artifacts', `run-${open.id}`);
    mkdirSync(openDir, { recursive: true });
    const files = {
      killedWriter: path.join(doneDir, `.model.rknn.${deadPid}-0a1b2c3d.tmp`),
      liveWriter: path.join(openDir, `.model.rknn.${process.pid}-0a1b2c3d.tmp`),
      oldFormatDone: path.join(doneDir, '.big.onnx.deadbeef.tmp'),
      oldFormatOpen: path.join(openDir, '.big.onnx.deadbeef.tmp'),
    };
    for (const file of Object.values(files)) writeFileSync(file, Buffer.alloc(3 * 1024 * 1024));
    const reopened = openWorkspace(dir);
    reopened.close();
    expect(existsSync(files.killedWriter)).toBe(false);
    expect(existsSync(files.oldFormatDone)).toBe(false);
    expect(existsSync(files.liveWriter)).toBe(true);
    expect(existsSync(files.oldFormatOpen)).toBe(true);
    expect(existsSync(path.join(doneDir, 'model.onnx'))).toBe(true);
  });
});
