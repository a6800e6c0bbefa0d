import { checkRunConfig } from '../pipeline/run-config';
import { runConfigJsonSchema } from '../pipeline/run-config-schema';
import type { StageRegistry } from '../pipeline/stage-kind';
import type { Handlers } from './dispatch';

/** The run config language: checking a draft, its JSON Schema for the editor, and the stage kinds it can use. */
export function createConfigHandlers(deps: {
  registry: StageRegistry;
}): Pick<Handlers, 'config:check' | 'config:schema' | 'stages:kinds'> {
  const { registry } = deps;
  return {
    'config:check': ({ configText }) => checkRunConfig(configText, registry).check,
    'config:schema': () => runConfigJsonSchema(registry),
    'stages:kinds': () => registry.list(),
  };
}
