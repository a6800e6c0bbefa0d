import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './serve-process';

const run = promisify(execFile);
const cli = path.join(repoRoot, 'bin', 'npu-workbench.mjs');

/**
 * A workspace whose run #1 is the broken-int8 demo: the embedded demo detector analysed in w8a8 by the real CLI
 * (`npu-workbench analyse`, ~10 s) on the demo dataset. int8 AP collapses to 0 because the output Concat's score
 * slice shares one scale with pixel boxes (cosine 0), and the analysis proposes keep-float layers that recover it.
 */
export async function seedBrokenInt8Workspace(options: { keepFloatRun?: boolean } = {}): Promise<{
  workspace: string;
  data: string;
}> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'npu-wb-e2e-int8-'));
  const data = path.join(dir, 'demo-data');
  const workspace = path.join(dir, 'ws');
  await run(process.execPath, [cli, 'eval', '--write-demo-data', data], { cwd: repoRoot });
  const analyse = (extra: string[]) =>
    run(
      process.execPath,
      [
        cli,
        '--workspace',
        workspace,
        'analyse',
        '--model',
        path.join(repoRoot, 'resources', 'demo', 'demo-yolov8.onnx'),
        '--calib',
        path.join(data, 'images', 'train'),
        '--data',
        path.join(data, 'data.yaml'),
        '--calib-count',
        '16',
        '--eval-count',
        '40',
        '--analysis-count',
        '1',
        '--candidates',
        '4',
        ...extra,
      ],
      { cwd: repoRoot, env: { ...process.env, NPU_WORKBENCH_NO_DEMO: '1' } },
    );
  await analyse([]);
  // Run #2: the same analysis with the broken output kept float, for Compare.
  if (options.keepFloatRun) await analyse(['--keep-float', 'output0']);
  return { workspace, data };
}
