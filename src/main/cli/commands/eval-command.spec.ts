import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { layoutZoo } from '../../../../test/support/layout-zoo';
import { cliArgs, runCli } from '../../../../test/support/run-cli';
import { cocoevalFixtures, tempDir } from '../../../../test/support/temp-workspace';
import { writeDemoDataset } from '../../core/data/demo-dataset';
import { openWorkspace } from '../../core/workspace/workspace';

// The real CLI end to end on the committed demo model and the generated demo val set.
const demoDir = path.resolve(import.meta.dirname, '../../../../resources/demo');
const measured = JSON.parse(readFileSync(path.join(demoDir, 'demo-yolov8.metrics.json'), 'utf8')) as {
  map: number;
  map50: number;
  images: number;
};
const FIX = path.join(cocoevalFixtures, 'random-a');
let data: string;

beforeAll(async () => {
  data = tempDir('eval-cli-data-');
  await writeDemoDataset(data, { train: 0, val: measured.images });
}, 120_000);

describe('npu-workbench eval', () => {
  it('reproduces the demo model AP recorded in resources/demo, prints the specified JSON and stores a run', () => {
    const ws = tempDir();
    const dets = path.join(tempDir(), 'dets.json');
    const model = path.join(demoDir, 'demo-yolov8.onnx');
    const out = runCli(cliArgs('eval', { model, data, 'save-dets': dets, json: true, workspace: ws }));
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(Object.keys(json)).toEqual([
      'stats',
      'map',
      'map50',
      'map75',
      'per_class',
      'images',
      'seconds',
      'ms_per_image',
      'head',
      'preset',
      'preprocess',
    ]);
    expect(json).toMatchObject({ head: 'yolov8', preset: 'ultralytics' });
    expect(json.stats).toHaveLength(12);
    expect(json.images).toBe(measured.images);
    expect(json.map).toBeCloseTo(measured.map, 4);
    expect(json.map50).toBeCloseTo(measured.map50, 4);
    expect(json.per_class.map((c: { name: string }) => c.name)).toEqual(['circle', 'rectangle', 'triangle', 'cross']);
    const saved = JSON.parse(readFileSync(dets, 'utf8'));
    expect(saved[0]).toEqual({
      image_id: expect.any(Number),
      category_id: expect.any(Number),
      bbox: expect.any(Array),
      score: expect.any(Number),
    });
    const list = JSON.parse(runCli(['runs', 'list', '--json', '--workspace', ws]).stdout);
    expect(list.rows).toHaveLength(1);
    expect(list.rows[0].metrics.map).toBeCloseTo(json.map, 12);
    const run = JSON.parse(runCli(['runs', 'show', String(list.rows[0].id), '--json', '--workspace', ws]).stdout);
    expect(run.artifacts.map((a: { kind: string }) => a.kind)).toEqual(['detections', 'pr-curves', 'eval-result']);
    expect(run.classMetrics.filter((c: { key: string }) => c.key === 'ap')).toHaveLength(4);
  });

  it('scores a COCO results file exactly like pycocotools, and --no-store leaves the workspace empty', () => {
    const ws = tempDir();
    const files = { gt: path.join(FIX, 'gt.json'), dets: path.join(FIX, 'dets.json') };
    const out = runCli(cliArgs('eval', { ...files, json: true, 'no-store': true, workspace: ws }));
    expect(out.code).toBe(0);
    const expected = JSON.parse(readFileSync(path.join(FIX, 'expected.json'), 'utf8'));
    expect(JSON.parse(out.stdout).stats.map((s: number) => Number(s.toFixed(8)))).toEqual(expected.stats);
    expect(JSON.parse(runCli(['runs', 'list', '--json', '--workspace', ws]).stdout).total).toBe(0);
  });

  it('reports a malformed label as file:line (strict) and skips it with a warning when --lenient', () => {
    const ds = tempDir('eval-bad-');
    for (const sub of ['images/val', 'labels/val']) mkdirSync(path.join(ds, sub), { recursive: true });
    const img = readdirFirst(path.join(data, 'images', 'val'));
    writeFileSync(path.join(ds, 'images', 'val', 'a.png'), readFileSync(img));
    writeFileSync(path.join(ds, 'labels', 'val', 'a.txt'), '0 0.5 0.5 0.2 0.2\n9 0.5 0.5 0.1\n');
    writeFileSync(
      path.join(ds, 'data.yaml'),
      'path: .\nval: images/val\nnames: [circle, rectangle, triangle, cross]\n',
    );
    const model = path.join(demoDir, 'demo-yolov8.onnx');
    const strict = runCli(['eval', '--model', model, '--data', ds, '--no-store', '--json']);
    expect(strict.code).not.toBe(0);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toContain(`${path.join(ds, 'labels', 'val', 'a.txt')}:2: expected "class cx cy w h"`);
    const lenient = runCli(['eval', '--model', model, '--data', ds, '--no-store', '--json', '--lenient']);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toContain('warning: ');
    expect(JSON.parse(lenient.stdout).images).toBe(1);
  });

  it('refuses an output layout no decoder fits (non-zero exit, what was found), instead of scoring it 0.000', () => {
    const anchor = layoutZoo().models.find((m) => m.name === 'anchor-6out')!;
    const out = runCli(['eval', '--model', layoutZoo().path(anchor), '--data', data, '--no-store', '--json']);
    expect(out.code).not.toBe(0);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain('No decoder fits the model outputs reg_16[1,12,10,10], obj_16[1,3,10,10]');
  });

  it('takes pre-processing options over the preset, prints them and stores them with the evaluation', () => {
    const ws = tempDir();
    const args = ['eval', '--model', path.join(demoDir, 'demo-yolov8.onnx'), '--data', data, '--limit', '10'];
    const out = runCli([...args, '--pad-value', '0', '--pad-at', 'top-left', '--json', '--workspace', ws]);
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(json.preset).toBe('ultralytics');
    expect(json.preprocess).toEqual({
      resize: 'letterbox',
      pad: 0,
      placement: 'top-left',
      channels: 'rgb',
      mean: [0, 0, 0],
      std: [255, 255, 255],
    });
    const plain = JSON.parse(runCli([...args, '--no-store', '--json']).stdout);
    expect(json.map).not.toBe(plain.map); // the options reached the pixels
    const workspace = openWorkspace(ws);
    try {
      const [record] = workspace.evaluations.list([1]);
      expect(record.preprocess).toMatchObject({ preset: 'ultralytics', pad: 0, placement: 'top-left' });
    } finally {
      workspace.close();
    }
    const bad = runCli([...args, '--no-store', '--mean', '1,2', '--json']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--mean takes one number or three comma-separated numbers, got "1,2"');
  });

  it('runs as a pipeline stage (`- kind: eval` in a run YAML)', () => {
    const ws = tempDir();
    const file = path.join(tempDir(), 'eval.yaml');
    writeFileSync(
      file,
      'name: demo eval\nstages:\n  - kind: eval\n' +
        `    model: ${path.join(demoDir, 'demo-yolov8.onnx')}\n    data: ${data}\n    limit: 20\n` +
        '    preset: rknn-model-zoo\n    preprocess: { pad: 114 }\n',
    );
    const out = runCli(['run', file, '--json', '--workspace', ws]);
    expect(out.code).toBe(0);
    const run = JSON.parse(out.stdout);
    expect(run).toMatchObject({ status: 'succeeded', metrics: { images: 20 } });
    expect(run.metrics.map).toBeGreaterThan(0);
    expect(existsSync(path.join(ws, run.artifacts[0].path))).toBe(true);
  });
});

function readdirFirst(dir: string): string {
  return path.join(dir, readdirSync(dir).sort()[0]);
}
