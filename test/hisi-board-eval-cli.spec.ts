import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeDemoDataset } from '../src/main/core/data/demo-dataset';
import { fakeHisiBoard, FAKE_RUNNER_DIR } from './fakes/fake-hisi-board';
import { runCli } from './support/run-cli';
import { SYSTEM_PYTHON, tempDir } from './support/temp-workspace';

const demoModel = path.resolve(import.meta.dirname, '../resources/demo/demo-yolov8.onnx');
const IMAGES = 12;
let dir: string;
let board: ReturnType<typeof fakeHisiBoard>;

/** fp32 on the host, the .om built by (fake) ATC, the .om on the (fake) board: one run, the same 12 images. */
const yaml = () => `name: demo on a HiSilicon board
target: SS928V100
backend: atc
stages:
  - {kind: eval, model: ${JSON.stringify(demoModel)}, data: data, limit: ${IMAGES}}
  - kind: convert-atc
    model: ${JSON.stringify(demoModel)}
    out: out/demo.om
    flags: {soc_version: SS928V100, compile_mode: 0}
    calibration: {images: data/images/val, count: 3}
  - kind: hisi-board-eval
    model: artifact:atc-om
    data: data
    limit: ${IMAGES}
    board: {host: root@127.0.0.1, port: 2222}
    runner: {dir: ${FAKE_RUNNER_DIR}}
`;

beforeAll(async () => {
  dir = tempDir('hisi-board-eval-cli-');
  await writeDemoDataset(path.join(dir, 'data'), { train: 0, val: IMAGES });
  writeFileSync(path.join(dir, 'board.yaml'), yaml());
  board = fakeHisiBoard();
}, 120_000);

describe('hisi-board-eval through the CLI (fake ssh/scp, fake modelzoo runner)', () => {
  it('scores the .om on the board, shows it in runs compare / ap-table, attaches and replays its detResult files', () => {
    const ws = tempDir();
    const run = runCli(['run', path.join(dir, 'board.yaml'), '--json', '--workspace', ws], board.env);
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);

    const compare = JSON.parse(runCli(['runs', 'compare', '1', '--json', '--workspace', ws]).stdout) as {
      rows: { runtime: string; variant: string; map: number; dataset: string; latency_ms: number | null }[];
    };
    const fp32 = compare.rows.find((r) => r.runtime === 'host-ort')!;
    const om = compare.rows.find((r) => r.runtime === 'hisi-board')!;
    process.stdout.write(`host fp32 ${fp32.map.toFixed(4)}, fake board .om ${om.map.toFixed(4)}\n`);
    // The fake board runs the .om's ONNX in float with its own letterbox and NMS (Python, OpenCV): the chain
    // (upload, runner, detResult, W H, file names → ids, scoring) must give the host's AP on the same images.
    expect(om).toMatchObject({ variant: 'w8a8', dataset: fp32.dataset, latency_where: 'board' });
    expect(Math.abs(om.map - fp32.map)).toBeLessThan(0.01);
    expect(om.latency_ms).toBeGreaterThan(0);
    expect(runCli(['ap-table', '1', '--workspace', ws]).stdout).toMatch(/HISILICON BOARD/);
    // The upload folder is removed from the board afterwards.
    expect(readdirSync(path.join(board.root, 'npu-workbench'))).toEqual([]);

    // The fetched files, imported again: the same AP, attached to the run as another record.
    const detresult = path.join(ws, 'work', 'run-1', '2-hisi-board', 'detresult');
    expect(readdirSync(detresult).filter((f) => f.endsWith('_detResult.txt'))).toHaveLength(IMAGES);
    const data = path.join(dir, 'data');
    const attach = runCli(
      [
        'eval',
        '--dets',
        detresult,
        '--data',
        data,
        '--limit',
        String(IMAGES),
        '--run',
        '1',
        '--variant',
        'w8a8',
      ].concat(['--runtime', 'imported', '--json', '--workspace', ws]),
    );
    expect(attach.code).toBe(0);
    expect(JSON.parse(attach.stdout).map).toBe(om.map);

    // runs export-script: the same ssh/scp calls from Python, against the same fakes.
    const replayDir = tempDir();
    const script = path.join(replayDir, 'replay.py');
    expect(runCli(['runs', 'export-script', '1', '--out', script, '--workspace', ws]).code).toBe(0);
    expect(readFileSync(script, 'utf8')).toContain('"BatchMode=yes"');
    execFileSync(SYSTEM_PYTHON, [script], { cwd: replayDir, env: { ...process.env, ...board.env }, stdio: 'pipe' });
    const replayed = path.join(replayDir, 'npu-workbench-run-1', 'hisi-board-detresult');
    expect(readdirSync(replayed).sort()).toEqual(readdirSync(detresult).sort());
  }, 240_000);
});
