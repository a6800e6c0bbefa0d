import { describe, expect, it } from 'vitest';
import { runConfigJsonSchema } from './run-config-schema';
import { StageRegistry } from './stage-kind';
import { builtinStageKinds } from './stages';

describe('run config JSON Schema for the editor', () => {
  it('has no null default anywhere (yaml-language-server completion throws on them)', () => {
    const text = JSON.stringify(runConfigJsonSchema(new StageRegistry(builtinStageKinds)));
    expect(text).not.toContain('"default":null');
    // The options that default to null in zod are still there, just without a default.
    expect(text).toContain('"mean_values"');
  });

  it('offers when: { toolkit } on every stage, and no kind’s strict options flag it as unknown', () => {
    type Branch = { then: { properties: Record<string, unknown>; additionalProperties: unknown } };
    const schema = runConfigJsonSchema(new StageRegistry(builtinStageKinds)) as {
      properties: { stages: { items: { properties: Record<string, unknown>; allOf: Branch[] } } };
    };
    const { items } = schema.properties.stages;
    expect(items.properties.when).toMatchObject({
      type: 'object',
      properties: { toolkit: { type: 'string', enum: ['rknn', 'atc', 'tensorrt'] } },
      required: ['toolkit'],
      additionalProperties: false,
    });
    const strict = items.allOf.filter((b) => b.then.additionalProperties === false);
    expect(strict.length).toBeGreaterThan(0);
    for (const b of strict) expect(b.then.properties).toHaveProperty('when');
  });
});
