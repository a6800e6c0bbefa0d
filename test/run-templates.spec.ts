import { describe, expect, it } from 'vitest';
import { checkRunConfig } from '../src/main/core/pipeline/run-config';
import { StageRegistry } from '../src/main/core/pipeline/stage-kind';
import { builtinStageKinds } from '../src/main/core/pipeline/stages';
import { RUN_TEMPLATES } from '../src/renderer/src/pages/new-run/run-templates';

/** The New-run templates (renderer) against the stage schemas main validates with. */
describe('New-run templates', () => {
  const registry = new StageRegistry(builtinStageKinds);

  it.each(RUN_TEMPLATES.map((t) => [t.id, t] as const))('%s is a valid run file', (_id, template) => {
    const { parsed, check } = checkRunConfig(template.text, registry);
    expect(check.issues).toEqual([]);
    expect(parsed!.config.stages.length).toBeGreaterThan(0);
  });

  it('covers every workflow of the New-run screen', () => {
    expect(RUN_TEMPLATES.map((t) => t.id)).toEqual(['eval', 'int8', 'rknn', 'atc', 'tensorrt']);
    const kinds = (id: string) =>
      checkRunConfig(RUN_TEMPLATES.find((t) => t.id === id)!.text, registry).parsed!.config.stages.map((s) => s.kind);
    expect(kinds('rknn')).toEqual(['env-snapshot', 'convert-rknn', 'rknn-accuracy', 'rknn-hybrid']);
    expect(kinds('atc')).toEqual(['convert-atc', 'convert-atc', 'hisi-board-eval', 'hisi-board-eval']);
    expect(kinds('tensorrt')).toEqual(['eval', 'convert-trt', 'compare-trt', 'tensorrt-eval']);
  });
});
