import { checkRunConfig } from '../pipeline/run-config';
import { runConfigJsonSchema } from '../pipeline/run-config-schema';
import type { StageRegistry } from '../pipeline/stage-kind';
import type { Workspace } from '../workspace/workspace';
import type { Handlers } from './dispatch';
import { missingInputs } from '../pipeline/config-paths';

/** The run config language: checking a draft, its JSON Schema for the editor, and the stage kinds it can use. */
export function createConfigHandlers(deps: {
  registry: StageRegistry;
  workspace: Workspace;
}): Pick<Handlers, 'config:check' | 'config:schema' | 'stages:kinds'> {
  const { registry } = deps;
  return {
    // `files`: also the input files and folders the stages name, resolved as a UI run resolves them.
    'config:check': async ({ configText, files }) => {
      const { parsed, check } = checkRunConfig(configText, registry);
      if (!parsed || !files) return check;
      const issues = await missingInputs(configText, parsed.config, deps.workspace.dir);
      return { ok: issues.length === 0, issues };
    },
    'config:schema': () => runConfigJsonSchema(registry),
    'stages:kinds': () => registry.list(),
  };
}
