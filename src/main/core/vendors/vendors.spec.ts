import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { builtinStageKinds } from '../pipeline/stages';
import { StageRegistry } from '../pipeline/stage-kind';
import { boardVendor, VENDORS } from './index';

const repo = path.resolve(import.meta.dirname, '../../../..');

/**
 * A sample stage of every vendor stage kind and what its replay must contain (null: no vendor equivalent, so
 * `runs export-script` writes a comment). A new vendor adds its kinds here; the test fails until it does.
 */
const SAMPLES: Record<string, { params: Record<string, unknown>; replays: string | null }> = {
  'convert-rknn': { params: { model: 'cut.onnx', out: 'm.rknn' }, replays: 'rknn.export_rknn(o("m.rknn"))' },
  'rknn-accuracy': {
    params: { model: 'cut.onnx', calibration: { images: 'imgs' }, target: 'RK3588' },
    replays: 'target="rk3588"',
  },
  'rknn-hybrid': {
    params: { model: 'cut.onnx', out: 'h.rknn', calibration: { images: 'imgs' }, layers: { conv_1: 'float16' } },
    replays: 'custom_quantize_layers:\\n    conv_1: float16',
  },
  'rknn-board': { params: { model: 'm.rknn', target: 'rk3588' }, replays: 'print(rknn.eval_memory())' },
  'rknn-eval': { params: { model: 'cut.onnx', calibration: { images: 'imgs' }, data: 'd' }, replays: null },
  'board-eval': { params: { model: 'm.rknn', data: 'd' }, replays: null },
  'board-latency': { params: { model: 'm.rknn' }, replays: null },
  'convert-atc': { params: { model: 'cut.onnx', out: 'm.om' }, replays: '"--soc_version=SS928V100"' },
  'convert-trt': { params: { model: 'cut.onnx', out: 'm.engine' }, replays: '"--saveEngine=" + o("m.engine")' },
  'compare-trt': { params: { model: 'cut.onnx' }, replays: null },
  'hisi-board-eval': {
    params: { model: 'm.om', data: 'd', board: { host: 'root@192.168.2.88' }, runner: { dir: 'yolov8s/out' } },
    replays: '"-o", "BatchMode=yes"',
  },
  'tensorrt-eval': { params: { engine: 'm.engine', data: 'd' }, replays: '"--loadEngine=" + p("m.engine")' },
};

describe('every registered vendor provides what vendors/README.md asks for', () => {
  const registry = new StageRegistry(builtinStageKinds);
  const readme = readFileSync(path.join(import.meta.dirname, 'README.md'), 'utf8');

  it.each(VENDORS.map((v) => [v.id, v] as const))('%s', (id, vendor) => {
    expect(existsSync(path.join(import.meta.dirname, id)), `folder vendors/${id}/`).toBe(true);
    expect(readme).toContain(`\`${id}/\``);
    expect(vendor.backends.length).toBeGreaterThan(0);
    for (const backend of vendor.backends) {
      // A convert stage with only model/out works: every backend option has a default or is optional.
      expect(() => backend.optionsSchema.parse({}), backend.id).not.toThrow();
    }
    for (const [block, schema] of Object.entries(vendor.optionBlocks)) {
      expect(block.split('.')).toHaveLength(2);
      const json = z.toJSONSchema(schema, { io: 'input' }) as {
        properties: Record<string, { default?: unknown }>;
        required?: string[];
      };
      const parsed = schema.safeParse({});
      if (parsed.success) {
        // The defaults the editor shows are the ones parsing applies.
        for (const [key, prop] of Object.entries(json.properties))
          if ('default' in prop)
            expect((parsed.data as Record<string, unknown>)[key], `${block}.${key}`).toEqual(prop.default);
      } else {
        // Only the required keys may be missing.
        expect(parsed.error.issues.map((i) => String(i.path[0])).sort()).toEqual([...(json.required ?? [])].sort());
      }
    }
    expect(vendor.stageKinds.length).toBeGreaterThan(0);
    for (const kind of vendor.stageKinds) {
      expect(registry.get(kind.kind), `${kind.kind} registered`).toBe(kind);
      const sample = SAMPLES[kind.kind];
      expect(sample, `a sample ${kind.kind} stage in this spec`).toBeDefined();
      const params = kind.params.parse(sample.params);
      const lines = kind.replay?.(params, { index: 0, baseDir: repo, workDir: (name) => `/nonexistent/0-${name}` });
      if (sample.replays === null) expect(lines, `${kind.kind} has no replay`).toBeUndefined();
      else expect(lines?.join('\n')).toContain(sample.replays);
    }
    if (vendor.driver) expect(existsSync(path.join(repo, 'resources/python', vendor.driver)), vendor.driver).toBe(true);
    for (const tool of vendor.doctor.tools) expect(tool.executables.length, tool.name).toBeGreaterThan(0);
    const bare = { path: '/x/python3', realPath: '/x/python3', sources: [], selected: true, error: null };
    const checks = vendor.doctor.checks(
      { ...bare, version: '3.11.2', system: 'Linux', machine: 'x86_64', packages: {} },
      [],
    );
    expect(checks.every((c) => c.id && c.message)).toBe(true);
    expect(vendor.files.length).toBeGreaterThan(0);
    for (const format of vendor.files) expect(format.parse, format.file).toBeTypeOf('function');
  });

  it('stage kinds and option blocks are unique across vendors', () => {
    const kinds = VENDORS.flatMap((v) => v.stageKinds.map((k) => k.kind));
    expect(new Set(kinds).size).toBe(kinds.length);
    const blocks = VENDORS.flatMap((v) => Object.keys(v.optionBlocks));
    expect(new Set(blocks).size).toBe(blocks.length);
    const tools = ['adb', ...VENDORS.flatMap((v) => v.doctor.tools.map((t) => t.name))];
    expect(new Set(tools).size).toBe(tools.length);
    expect(Object.keys(SAMPLES).sort()).toEqual([...kinds].sort());
  });

  it('one vendor provides the board pieces the Board page and `board …` reach through the registry', () => {
    expect(VENDORS.filter((v) => v.board).map((v) => v.id)).toEqual(['rknn']);
    const board = boardVendor();
    for (const hook of ['report', 'hostToolkit', 'fixRuntime'] as const) expect(board[hook]).toBeTypeOf('function');
  });

  it('the registered parsers read the vendor files the fixtures reproduce', () => {
    const fixture = (name: string): string => readFileSync(path.join(repo, 'test/fixtures/vendor', name), 'utf8');
    const parser = (id: string, file: string): ((text: string) => unknown) =>
      VENDORS.find((v) => v.id === id)!.files.find((f) => f.file === file)!.parse;
    expect(parser('rknn', 'error_analysis.txt')(fixture('error_analysis_2x.txt'))).toMatchObject({ format: '2.x' });
    expect(parser('rknn', '<model>.quantization.cfg')(fixture('yolov8.quantization.cfg'))).toBeTypeOf('object');
    expect(() => parser('atc', 'calibration_param.txt')('record {')).toThrow(/calibration_param.txt:1/);
    expect(parser('atc', '*_detResult.txt')(fixture('000000000139_detResult.txt'))).toMatchObject({
      width: 640,
      height: 426,
      boxes: [
        { line: 2, classId: 0 },
        { line: 3, classId: 45, x2: 350, y2: 180.25 },
      ],
    });
  });
});
