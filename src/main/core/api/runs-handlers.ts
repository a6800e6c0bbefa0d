import { stringify } from 'yaml';
import type { RunDetail } from '../../../shared/contract';
import { UserError } from '../errors/user-error';
import type { EventBus } from '../events/event-bus';
import { graphView } from '../onnx/graph-view';
import { loadOnnx } from '../onnx/onnx-model';
import { exportRunScript } from '../pipeline/export-script';
import type { JobRunner } from '../pipeline/job-runner';
import { recordRunBaseDir } from '../pipeline/run-base-dir';
import { type ParsedRunConfig, readRunConfig, validateRunConfig } from '../pipeline/run-config';
import { readRunLog } from '../pipeline/run-logs';
import { latestRunWithConfig } from '../pipeline/stage-ref';
import type { StageRegistry } from '../pipeline/stage-kind';
import { checkHybridCfg } from '../vendors';
import { runFacets } from '../store/run-facets';
import type { Workspace } from '../workspace/workspace';
import type { Handlers } from './dispatch';
import { withHeadlines } from './evaluation-handlers';
import { runModelPath } from './run-model-path';

export interface RunsHandlerDeps {
  workspace: Workspace;
  registry: StageRegistry;
  runner: JobRunner;
  bus: EventBus;
}

/** The ledger's runs:* reads (evaluations, compare, AP table) are in evaluation-handlers.ts. */
type RunsChannels = Exclude<
  Extract<keyof Handlers, `runs:${string}`>,
  'runs:evaluations' | 'runs:compare' | 'runs:apTable'
>;

/** Every `runs:*` call: stored runs, their lifecycle in the job runner, and what the runs views read from them. */
export function createRunsHandlers(deps: RunsHandlerDeps): Pick<Handlers, RunsChannels> {
  const { workspace, registry, runner, bus } = deps;
  const { runs } = workspace;

  const detail = (id: number): RunDetail => {
    const row = runs.getRow(id);
    return {
      ...runs.get(id),
      configText: row.config_text,
      envSnapshot: row.env_snapshot ? (JSON.parse(row.env_snapshot) as Record<string, unknown>) : null,
      stages: workspace.stages.list(id),
      artifacts: workspace.artifacts.list(id),
      classMetrics: workspace.metrics.getClassMetrics(id),
    };
  };
  const remember = (id: number, baseDir: string | undefined): void => {
    if (baseDir) recordRunBaseDir(workspace, id, baseDir);
  };

  return {
    'runs:list': (q) => withHeadlines(workspace, runs.list(q)),
    'runs:get': ({ id }) => detail(id),
    'runs:create': ({ configText, config, parentRunId, start, baseDir }) => {
      // A config object is validated as it is; only text the user wrote is parsed (once, with line numbers).
      const parsed: ParsedRunConfig = config
        ? validateRunConfig(config, registry)
        : readRunConfig(configText!, registry);
      const created = runs.create({
        name: parsed.config.name,
        target: parsed.config.target,
        backend: parsed.config.backend,
        configText: configText ?? stringify(config),
        parentRunId,
        tags: parsed.config.tags,
      });
      bus.emit('runs:changed', { runIds: [created.id] });
      remember(created.id, baseDir);
      return start === false ? created : runner.start(created.id, { baseDir, parsed });
    },
    'runs:start': ({ id, baseDir }) => {
      const started = runner.start(id, { baseDir });
      remember(id, baseDir);
      return started;
    },
    'runs:resume': ({ id, baseDir }) => {
      const child = runner.resume(id, { baseDir });
      remember(child.id, baseDir);
      return child;
    },
    'runs:rerun': ({ id, fromStage, baseDir }) => {
      const child = runner.rerun(id, fromStage, { baseDir });
      remember(child.id, baseDir);
      return child;
    },
    'runs:cancel': ({ id }) => runner.cancel(id),
    'runs:update': ({ id, ...patch }) => {
      const updated = runs.update(id, patch);
      bus.emit('runs:changed', { runIds: [id] });
      return updated;
    },
    'runs:delete': ({ id }) => {
      if (runner.isActive(id))
        throw new UserError(`Run ${id} is in progress`, 'Cancel it before deleting it.', 'conflict');
      runs.softDelete(id);
      bus.emit('runs:changed', { runIds: [id] });
      return { id };
    },
    'runs:restore': ({ id }) => {
      const restored = runs.restore(id);
      bus.emit('runs:changed', { runIds: [id] });
      return restored;
    },
    'runs:log': ({ id, stageIndex, tail }) => (runs.get(id), readRunLog(workspace, id, stageIndex, tail)),
    'runs:facets': () => runFacets(workspace.db),
    'runs:findByConfig': ({ configText }) => {
      const id = latestRunWithConfig(workspace, configText);
      return id === null ? null : runs.get(id);
    },
    'runs:exportScript': ({ id, baseDir }) => ({ script: exportRunScript(workspace, registry, id, baseDir) }),
    'runs:graph': ({ id }) => graphView(loadOnnx(runModelPath(workspace, id))),
    'runs:checkHybrid': ({ id, text }) => {
      const { check, layers } = checkHybridCfg(text, loadOnnx(runModelPath(workspace, id)));
      return { ...check, layers };
    },
  };
}
