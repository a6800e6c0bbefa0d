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
});
