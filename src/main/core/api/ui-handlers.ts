import type { EventBus } from '../events/event-bus';
import type { JobRunner } from '../pipeline/job-runner';
import { runConfigJsonSchema } from '../pipeline/run-config-schema';
import type { StageRegistry } from '../pipeline/stage-kind';
import { runFacets } from '../store/run-facets';
import type { Workspace } from '../workspace/workspace';
import type { Handlers } from './dispatch';

export interface UiHandlerDeps {
  workspace: Workspace;
  registry: StageRegistry;
  runner: JobRunner;
  bus: EventBus;
}

/** Handlers of uiInvokeContract: filter facets, re-run from a stage, the run YAML schema for the editor. */
export function createUiHandlers(deps: UiHandlerDeps): Pick<Handlers, 'runs:facets' | 'runs:rerun' | 'config:schema'> {
  return {
    'runs:facets': () => runFacets(deps.workspace.db),
    'runs:rerun': ({ id, fromStage }) => deps.runner.start(id, { fromStage }),
    'config:schema': () => runConfigJsonSchema(deps.registry),
  };
}
