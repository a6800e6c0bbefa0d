import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { UserError } from '../errors/user-error';
import type { EventBus } from '../events/event-bus';
import { graphView } from '../onnx/graph-view';
import { loadOnnx } from '../onnx/onnx-model';
import { ANALYSIS_SUMMARY_KIND } from '../pipeline/stages/analyse-stage';
import { checkHybridCfg } from '../vendors';
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

/**
 * Handlers of uiInvokeContract: filter facets, re-run from a stage, the run YAML schema, a run's model graph and hybrid
 * cfg check.
 */
/** The model file behind a run: what its analyse stage recorded, else the run config's `model:`. */
function runModelPath(workspace: Workspace, id: number): string {
  const summary = workspace.artifacts.list(id).findLast((a) => a.kind === ANALYSIS_SUMMARY_KIND);
  if (summary)
    return (JSON.parse(readFileSync(path.join(workspace.dir, summary.path), 'utf8')) as { model: string }).model;
  const config = parse(workspace.runs.getRow(id).config_text) as {
    model?: unknown;
    stages?: { model?: unknown }[];
  } | null;
  const model =
    typeof config?.model === 'string'
      ? config.model
      : config?.stages?.map((s) => s.model).find((m): m is string => typeof m === 'string');
  if (!model)
    throw new UserError(
      `Run ${id} names no model`,
      'Add `model: path/to/model.onnx` to the run config.',
      'invalid_input',
    );
  return path.resolve(workspace.dir, model);
}

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
