import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeDemoDataset } from '../src/main/core/data/demo-dataset';
import { COMPARE_ROW_KEYS } from './support/compare-schema';
import { cliArgs, runCli } from './support/run-cli';
import { tempDir } from './support/temp-workspace';

const demoModel = path.resolve(import.meta.dirname, '../resources/demo/demo-yolov8.onnx');

let data: string;

beforeAll(async () => {
  data = tempDir('compare-cli-data-');
  await writeDemoDataset(data, { train: 0, val: 24 });
}, 120_000);

describe('runs compare / ap-table / eval --run (the AP ledger from the CLI)', () => {
  it('attaches an imported .om results file to a run and compares it with the fp32 AP on the same images', () => {
    const ws = tempDir();
    const dets = path.join(tempDir(), 'fp32-dets.json');
    const evalOut = runCli(cliArgs('eval', { model: demoModel, data, 'save-dets': dets, json: true, workspace: ws }));
    expect(evalOut.code).toBe(0);
    const fp32 = JSON.parse(evalOut.stdout) as { map: number; map50: number; images: number };

    // A HiSilicon board's results: what its .om found, here the float detections with every other one lost.
    const boardDets = (JSON.parse(readFileSync(dets, 'utf8')) as unknown[]).filter((_, i) => i % 2 === 0);
    const omFile = path.join(tempDir(), 'om-board-dets.json');
    writeFileSync(omFile, JSON.stringify(boardDets));
    const attach = runCli([
      'eval',
      '--dets',
      omFile,
      '--data',
      data,
      '--run',
      '1',
      '--variant',
      'w8a8',
      '--runtime',
      'hisi-board',
      '--json',
      '--workspace',
      ws,
    ]);
    expect(attach.stderr).toBe('');
    expect(attach.code).toBe(0);
    const om = JSON.parse(attach.stdout) as { map: number; map50: number };
    expect(om.map).toBeLessThan(fp32.map);

    const compare = runCli(['runs', 'compare', '1', '--json', '--workspace', ws]);
    expect(compare.code).toBe(0);
    const json = JSON.parse(compare.stdout);
    expect(Object.keys(json)).toEqual(['reference', 'rows']);
    expect(json.reference).toEqual({ run: 1, variant: 'fp32', runtime: 'host-ort', map: fp32.map });
    for (const row of json.rows) expect(Object.keys(row)).toEqual(COMPARE_ROW_KEYS);
    const [floatRow, omRow] = json.rows;
    expect(floatRow).toMatchObject({ run: 1, variant: 'fp32', runtime: 'host-ort', delta_map: 0, images: 24 });
    expect(floatRow.latency_where).toBe('host');
    expect(floatRow.latency_ms).toBeGreaterThan(0);
    // Same images and labels: the results file scored on the dataset has the float evaluation's fingerprint.
    expect(omRow).toMatchObject({ variant: 'w8a8', runtime: 'hisi-board', dataset: floatRow.dataset, images: 24 });
    expect(omRow.delta_map).toBeCloseTo(om.map - fp32.map, 12);
    expect(omRow.delta_map50).toBeCloseTo(om.map50 - fp32.map50, 12);
    expect(omRow.latency_ms).toBeNull();

    const table = runCli(['ap-table', '1', '--workspace', ws]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/VARIANT\s+HOST ONNXRUNTIME\s+HISILICON BOARD/);
    expect(table.stdout).toContain(`${fp32.map.toFixed(3)} (+0.000)`);
    expect(table.stdout).toContain(`${om.map.toFixed(3)} (−${(fp32.map - om.map).toFixed(3)})`);

    const list = runCli(['runs', 'list', '--workspace', ws]);
    expect(list.stdout).toContain(`${om.map.toFixed(3)} w8a8 (HiSilicon board) vs float ${fp32.map.toFixed(3)}`);
  });

  it('refuses to attach to a run that does not exist and stores nothing', () => {
    const ws = tempDir();
    const dets = path.join(tempDir(), 'd.json');
    writeFileSync(dets, '[]');
    const out = runCli(['eval', '--dets', dets, '--data', data, '--run', '7', '--workspace', ws]);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/Run 7 was not found/);
    expect(runCli(['runs', 'compare', '7', '--json', '--workspace', ws]).code).toBe(1);
  });

  it('lists deleted runs with --deleted until they are restored', () => {
    const ws = tempDir();
    expect(runCli(['eval', '--model', demoModel, '--data', data, '--limit', '4', '--workspace', ws]).code).toBe(0);
    expect(runCli(['runs', 'delete', '1', '--workspace', ws]).code).toBe(0);
    expect(runCli(['runs', 'list', '--workspace', ws]).stdout).toMatch(/No runs yet/);
    const deleted = JSON.parse(runCli(['runs', 'list', '--deleted', '--json', '--workspace', ws]).stdout);
    expect(deleted).toMatchObject({ total: 1, rows: [{ id: 1, deletedAt: expect.any(String) }] });
    expect(runCli(['runs', 'list', '--deleted', '--workspace', ws]).stdout).toMatch(/DELETED/);
    // A deleted run's APs stay comparable until it is purged.
    expect(JSON.parse(runCli(['runs', 'compare', '1', '--json', '--workspace', ws]).stdout).rows).toHaveLength(1);
  });
});
