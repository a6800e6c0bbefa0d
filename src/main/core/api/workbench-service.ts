import { checkSettingsPatch } from '../workspace/settings-check';
import os from 'node:os';
import type { AppInfo } from '../../../shared/contract';
import { UserError } from '../errors/user-error';
import { EventBus } from '../events/event-bus';
import { JobRunner } from '../pipeline/job-runner';
import { checkRunConfig, parseRunConfig } from '../pipeline/run-config';
import { readRunLog } from '../pipeline/run-logs';
import { StageRegistry } from '../pipeline/stage-kind';
import { builtinStageKinds } from '../pipeline/stages';
import { WORKBENCH_VERSION } from '../workspace/version';
import type { Workspace } from '../workspace/workspace';
import { createAnalysisHandlers } from './analysis-handlers';
import { createBoardHandlers } from './board-handlers';
import { createDispatcher, type Handlers } from './dispatch';
import { createEvalHandlers } from './eval-handlers';
import { createEvaluationHandlers, withHeadlines } from './evaluation-handlers';
import { createToolchainsHandlers } from './toolchains-handlers';
import { createUiHandlers } from './ui-handlers';

export interface WorkbenchCore {
  workspace: Workspace;
  bus: EventBus;
  registry: StageRegistry;
  runner: JobRunner;
  handlers: Handlers;
  dispatch: (channel: string, input: unknown) => Promise<unknown>;
  close(): Promise<void>;
}

/** Wires a workspace to the job runner and implements every contract call; shared by Electron, server and CLI. */
export function createWorkbenchCore(workspace: Workspace, mode: AppInfo['mode']): WorkbenchCore {
  const bus = new EventBus();
  const registry = new StageRegistry(builtinStageKinds);
  const runner = new JobRunner(workspace, bus, registry);
  const { runs } = workspace;

  const detail = (id: number) => {
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

  const handlers: Handlers = {
    'app:info': () => ({
      version: WORKBENCH_VERSION,
      mode,
      workspace: workspace.dir,
      platform: `${os.platform()}-${os.arch()}`,
    }),
    'runs:list': (q) => withHeadlines(workspace, runs.list(q)),
    'runs:get': ({ id }) => detail(id),
    'runs:create': ({ configText, parentRunId, start }) => {
      const config = parseRunConfig(configText, registry);
      const created = runs.create({
        name: config.name,
        target: config.target,
        backend: config.backend,
        configText,
        parentRunId,
        tags: config.tags,
      });
      bus.emit('runs:changed', { runIds: [created.id] });
      return start === false ? created : runner.start(created.id);
    },
    'runs:start': ({ id }) => runner.start(id),
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
    'config:check': ({ configText }) => checkRunConfig(configText, registry).check,
    'stages:kinds': () => registry.list(),
    'settings:get': () => workspace.settings.get(),
    'settings:update': async (patch) => (await checkSettingsPatch(patch), workspace.settings.update(patch)),
    ...createBoardHandlers({ settings: () => workspace.settings.get(), bus }),
    ...createUiHandlers({ workspace, registry, runner, bus }),
    ...createAnalysisHandlers({ workspace, registry, runner, bus }),
    ...createToolchainsHandlers({ workspace }),
    ...createEvalHandlers({ workspace }),
    ...createEvaluationHandlers({ workspace }),
  };

  return {
    workspace,
    bus,
    registry,
    runner,
    handlers,
    dispatch: createDispatcher(handlers),
    close: async () => {
      await runner.shutdown();
      workspace.close();
    },
  };
}
