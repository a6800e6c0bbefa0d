import { describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../../../test/support/temp-workspace';
import { createWorkbenchCore } from '../api/workbench-service';
import { runConfigJsonSchema } from '../pipeline/run-config-schema';
import { atcArgs, nnieMapperCfg } from './atc/atc-backend';
import { type backendJsonSchemas } from './index';
import { asGiven } from './option-blocks';
import { RknnConfigSchema } from './rknn/rknn-options';
import { trtexecArgs } from './tensorrt/tensorrt-backend';

describe('backend option schemas and argument builders', () => {
  it('toolchains:schemas gives the editor every option with its default and enum', async () => {
    const ws = tempWorkspace();
    const core = createWorkbenchCore(ws, 'browser');
    try {
      const schemas = (await core.dispatch('toolchains:schemas', {})) as ReturnType<typeof backendJsonSchemas>;
      expect(Object.keys(schemas)).toEqual([
        'rknn.config',
        'rknn.build',
        'rknn.runtime',
        'atc.flags',
        'nnie.cfg',
        'trtexec.flags',
      ]);
      const rknn = schemas['rknn.config'] as {
        properties: Record<string, { default?: unknown; enum?: unknown[]; anyOf?: { enum?: unknown[] }[] }>;
      };
      expect(rknn.properties.quantized_algorithm).toMatchObject({
        default: 'normal',
        enum: ['normal', 'mmse', 'kl_divergence', 'gdq'],
      });
      expect(rknn.properties.optimization_level.default).toBe(3);
      expect(rknn.properties.target_platform.anyOf?.[0].enum).toContain('rk3588');
      expect((schemas['trtexec.flags'] as { properties: Record<string, unknown> }).properties).toHaveProperty(
        'layerPrecisions',
      );
      // The run YAML editor completes the same options inside a convert-rknn stage.
      const runSchema = JSON.stringify(runConfigJsonSchema(core.registry));
      expect(runSchema).toContain('"description":"The SoC. With None the model runs only on RK3566/RK3568."');
    } finally {
      await core.close();
      ws.cleanup();
    }
  });

  it('toolchains:check-quantization-cfg points at the line of each bad custom layer', async () => {
    const ws = tempWorkspace();
    const core = createWorkbenchCore(ws, 'browser');
    try {
      const text =
        'custom_quantize_layers:\n    images: float16\n    conv_9: float16\n    cls_0: bfloat\n' +
        'quantize_parameters:\n    images: {dtype: int8}\n    cls_0: {dtype: int8}\n';
      const result = (await core.dispatch('toolchains:check-quantization-cfg', { text, inputNames: ['images'] })) as {
        issues: { layer: string; line: number | null }[];
      };
      expect(result.issues.map((i) => [i.layer, i.line])).toEqual([
        ['images', 2],
        ['conv_9', 3],
        ['cls_0', 4],
      ]);
    } finally {
      await core.close();
      ws.cleanup();
    }
  });

  it('passes on only the options the user wrote, still validating them', () => {
    expect(asGiven(RknnConfigSchema).parse({ target_platform: 'rk3566' })).toEqual({ target_platform: 'rk3566' });
    const bad = asGiven(RknnConfigSchema).safeParse({ quantized_method: 'group7' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].path).toEqual(['quantized_method']);
  });

  it('builds ATC and trtexec argument arrays and an NNIE mapper cfg', () => {
    expect(atcArgs({ model: 'a b.onnx', framework: 5, save_original_model: true, insert_op_conf: undefined })).toEqual([
      '--model=a b.onnx',
      '--framework=5',
      '--save_original_model=true',
    ]);
    expect(trtexecArgs({ onnx: 'm.onnx', fp16: true, int8: false, memPoolSize: 'workspace:1024M' })).toEqual([
      '--onnx=m.onnx',
      '--fp16',
      '--memPoolSize=workspace:1024M',
    ]);
    const cfg = nnieMapperCfg({
      prototxt_file: 'yolo.prototxt',
      caffemodel_file: 'yolo.caffemodel',
      image_list: 'list.txt',
      compile_mode: 1,
    });
    expect(cfg.split('\n')).toEqual(
      expect.arrayContaining([
        '[prototxt_file] yolo.prototxt',
        '[compile_mode] 1',
        '[data_scale] 0.00390625',
        '[RGB_order] BGR',
        '[is_simulation] 0',
      ]),
    );
    expect(() =>
      nnieMapperCfg({ prototxt_file: 'a', caffemodel_file: 'b', image_list: 'c', internal_stride: 24 as never }),
    ).toThrow();
  });
});
