import type { EventBus } from '../events/event-bus';
import { graphView } from '../onnx/graph-view';
import { loadOnnx } from '../onnx/onnx-model';
import { checkHybridCfg } from '../vendors';
import type { JobRunner } from '../pipeline/job-runner';
import { runConfigJsonSchema } from '../pipeline/run-config-schema';
import type { StageRegistry } from '../pipeline/stage-kind';
import { runFacets } from '../store/run-facets';
import type { Workspace } from '../workspace/workspace';
import type { Handlers } from './dispatch';
import { runModelPath } from './run-model-path';

export interface UiHandlerDeps {
  workspace: Workspace;
  registry: StageRegistry;
  runner: JobRunner;
  bus: EventBus;
}

/**
 * Handlers of uiInvokeContract: filter facets, re-run from a stage, the run YAML schema, a run's model graph and hybrid
 * cfg check.
 */
export function createUiHandlers(
  deps: UiHandlerDeps,
): Pick<Handlers, 'runs:facets' | 'runs:rerun' | 'config:schema' | 'runs:graph' | 'runs:checkHybrid'> {
  return {
    'runs:graph': ({ id }) => graphView(loadOnnx(runModelPath(deps.workspace, deps.workspace.runs.get(id).id))),
    'runs:checkHybrid': ({ id, text }) => {
      const { check, layers } = checkHybridCfg(
        text,
        loadOnnx(runModelPath(deps.workspace, deps.workspace.runs.get(id).id)),
      );
      return { ...check, layers };
    },
    'runs:facets': () => runFacets(deps.workspace.db),
    'runs:rerun': ({ id, fromStage }) => deps.runner.start(id, { fromStage }),
    'config:schema': () => runConfigJsonSchema(deps.registry),
  };
}
