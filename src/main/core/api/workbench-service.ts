import type { AppInfo, WorkbenchApi } from '../../../shared/contract';
import { EventBus } from '../events/event-bus';
import { JobRunner } from '../pipeline/job-runner';
import { StageRegistry } from '../pipeline/stage-kind';
import { builtinStageKinds } from '../pipeline/stages';
import type { Workspace } from '../workspace/workspace';
import { createAnalysisHandlers } from './analysis-handlers';
import { createAppHandlers, type WorkbenchShell } from './app-handlers';
import { createBoardHandlers } from './board-handlers';
import { createConfigHandlers } from './config-handlers';
import { createDispatcher, type Handlers } from './dispatch';
import { createEvalHandlers } from './eval-handlers';
import { createEvaluationHandlers } from './evaluation-handlers';
import { createLocalApi } from './local-client';
import { createRunsHandlers } from './runs-handlers';
import { createToolchainsHandlers } from './toolchains-handlers';

export interface WorkbenchCore {
  workspace: Workspace;
  bus: EventBus;
  registry: StageRegistry;
  runner: JobRunner;
  handlers: Handlers;
  /** The entry point transports (IPC, HTTP) call with untrusted channel and input. */
  dispatch: (channel: string, input: unknown) => Promise<unknown>;
  /** The same calls, typed, for in-process front ends (CLI, first launch). */
  api: WorkbenchApi;
  close(): Promise<void>;
}

/**
 * Wires a workspace to the job runner and implements every contract call, one handler file per domain; shared by
 * Electron, server and CLI.
 */
export function createWorkbenchCore(
  workspace: Workspace,
  mode: AppInfo['mode'],
  shell: WorkbenchShell = {},
): WorkbenchCore {
  const bus = new EventBus();
  const registry = new StageRegistry(builtinStageKinds);
  const runner = new JobRunner(workspace, bus, registry);
  const deps = { workspace, registry, runner, bus };

  const handlers: Handlers = {
    ...createAppHandlers({ workspace, mode, shell }),
    ...createConfigHandlers({ registry, workspace }),
    ...createRunsHandlers(deps),
    ...createBoardHandlers({
      settings: () => workspace.settings.get(),
      updateSettings: (patch) => workspace.settings.update(patch),
      bus,
    }),
    ...createAnalysisHandlers(deps),
    ...createToolchainsHandlers({ workspace }),
    ...createEvalHandlers({ workspace }),
    ...createEvaluationHandlers({ workspace }),
  };

  const dispatch = createDispatcher(handlers);
  return {
    workspace,
    bus,
    registry,
    runner,
    handlers,
    dispatch,
    api: createLocalApi(dispatch, bus),
    close: async () => {
      await runner.shutdown();
      workspace.close();
    },
  };
}
