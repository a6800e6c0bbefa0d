import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { withFix } from '../../../shared/error-fix';
import { type RunConfig, type RunSummary, stageDone, type StageStatus } from '../../../shared/contract';
import { UserError } from '../errors/user-error';
import type { EventBus } from '../events/event-bus';
import type { Workspace } from '../workspace/workspace';
import { createChildRun, reusableFrom } from './child-run';
import { recordedBaseDir, recordRunBaseDir } from './run-base-dir';
import { type ParsedRunConfig, readRunConfig } from './run-config';
import { StageLogWriter } from './run-logs';
import { unmetCondition } from './stage-condition';
import { stageIdentity } from './stage-identity';
import type { StageContext, StageRegistry } from './stage-kind';

export interface StartOptions {
  /**
   * Folder relative paths in the config are resolved against (default: the one the run used before, else the
   * workspace).
   */
  baseDir?: string;
  /** The run's config as the caller just validated it (runs:create), so it is not parsed again from the stored text. */
  parsed?: ParsedRunConfig;
  /** A line for the log of the first stage run (why a re-run starts earlier than asked). */
  note?: string | null;
}

interface ActiveRun {
  controller: AbortController;
  done: Promise<void>;
}

const PROGRESS_PERSIST_MS = 250;

/**
 * Executes runs one at a time (vendor toolchains saturate the machine), stage by stage. Status is
 * persisted as it changes and mirrored as contract events; cancel aborts the running stage, which
 * kills its child processes.
 */
export class JobRunner {
  private readonly active = new Map<number, ActiveRun>();
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly workspace: Workspace,
    private readonly bus: EventBus,
    private readonly registry: StageRegistry,
  ) {}

  /** Queues a run from its first stage; returns at once. `whenDone(id)` waits for it. */
  start(runId: number, options: StartOptions = {}): RunSummary {
    if (!this.active.has(runId) && this.workspace.stages.list(runId).length > 0)
      throw new UserError(
        `Run ${runId} has already run; its history is kept as it is`,
        'Re-run it: the re-run is a new run linked to this one.',
        'conflict',
      );
    return this.queue(runId, 0, options);
  }

  /**
   * Re-runs a run from a stage as a new child run (history is immutable: the parent stays as it was). The
   * child keeps the parent's succeeded stages before `fromStage` and their artifacts, and runs the rest.
   */
  rerun(parentId: number, fromStage: number, options: Omit<StartOptions, 'fromStage' | 'parsed'> = {}): RunSummary {
    this.workspace.runs.get(parentId);
    if (this.active.has(parentId))
      throw new UserError(`Run ${parentId} is in progress`, 'Wait for it, or cancel it first.', 'conflict');
    const parsed = readRunConfig(
      this.workspace.runs.getRow(parentId).config_text,
      this.registry,
      `run ${parentId} config`,
    );
    const previous = this.workspace.stages.list(parentId);
    if (
      fromStage > 0 &&
      (previous.length !== parsed.config.stages.length || previous.slice(0, fromStage).some((s) => !stageDone(s)))
    ) {
      throw new UserError(
        `Run ${parentId} cannot restart at stage ${fromStage}: the stages before it did not all succeed`,
        'Re-run from the first stage instead.',
        'conflict',
      );
    }
    const baseDir = options.baseDir ?? recordedBaseDir(this.workspace, parentId) ?? this.workspace.dir;
    const { from, note } = reusableFrom(this.workspace, parentId, fromStage, parsed, baseDir);
    const child = createChildRun(this.workspace, parentId, from);
    this.bus.emit('runs:changed', { runIds: [child.id] });
    return this.queue(child.id, from, { ...options, parsed, note });
  }

  /**
   * Continues a run that stopped (interrupted by a crash, failed, or cancelled) in a child run that starts at
   * the parent's first stage that did not succeed; the stages before it and their artifacts are reused.
   */
  resume(runId: number, options: Omit<StartOptions, 'fromStage' | 'parsed'> = {}): RunSummary {
    const run = this.workspace.runs.get(runId);
    if (!['interrupted', 'failed', 'cancelled'].includes(run.status)) {
      throw new UserError(
        `Run ${runId} is ${run.status}; only an interrupted, failed or cancelled run can be resumed`,
        'Re-run it from a stage to repeat finished stages.',
        'conflict',
      );
    }
    const stages = this.workspace.stages.list(runId);
    const from = stages.findIndex((s) => !stageDone(s));
    if (from < 0)
      throw new UserError(`Run ${runId} has no unfinished stage`, 'Re-run it from a stage instead.', 'conflict');
    return this.rerun(runId, from, options);
  }

  private queue(runId: number, from: number, options: StartOptions): RunSummary {
    if (this.active.has(runId))
      throw new UserError(
        `Run ${runId} is already ${this.workspace.runs.get(runId).status}`,
        'Wait for it, or cancel it first.',
        'conflict',
      );
    this.workspace.runs.get(runId);
    const parsed =
      options.parsed ??
      readRunConfig(this.workspace.runs.getRow(runId).config_text, this.registry, `run ${runId} config`);
    const { config } = parsed;
    if (from === 0) {
      this.workspace.stages.replaceAll(
        runId,
        config.stages.map((s, i) => ({
          kind: s.kind,
          logFile: path.join('logs', `run-${runId}`, `${i}-${s.kind}.log`),
        })),
      );
    }
    this.workspace.runs.claim(runId);
    const summary = this.setRunStatus(runId, 'queued', null);
    const controller = new AbortController();
    const done = this.chain.then(() =>
      this.execute(
        runId,
        parsed,
        from,
        controller.signal,
        options.baseDir ?? recordedBaseDir(this.workspace, runId) ?? this.workspace.dir,
        options.note ?? null,
      ),
    );
    this.chain = done.catch(() => undefined);
    this.active.set(runId, { controller, done });
    void done.finally(() => this.active.delete(runId));
    return summary;
  }

  cancel(runId: number): RunSummary {
    const active = this.active.get(runId);
    if (!active) throw new UserError(`Run ${runId} is not running`, undefined, 'conflict');
    active.controller.abort();
    return this.workspace.runs.get(runId);
  }

  async whenDone(runId: number): Promise<RunSummary> {
    await this.active.get(runId)?.done;
    return this.workspace.runs.get(runId);
  }

  isActive(runId: number): boolean {
    return this.active.has(runId);
  }

  /** Cancels everything and waits, e.g. before the app quits. */
  async shutdown(): Promise<void> {
    for (const a of this.active.values()) a.controller.abort();
    await Promise.allSettled([...this.active.values()].map((a) => a.done));
  }

  private setRunStatus(runId: number, status: RunSummary['status'], error: string | null): RunSummary {
    const summary = this.workspace.runs.setStatus(runId, status, error);
    this.bus.emit('run:status', { runId, status, error });
    this.bus.emit('runs:changed', { runIds: [runId] });
    return summary;
  }

  private setStageStatus(
    runId: number,
    index: number,
    kind: string,
    status: StageStatus,
    error: string | null = null,
  ): void {
    this.workspace.stages.setStatus(runId, index, status, error);
    const stage = this.workspace.stages.list(runId)[index];
    this.bus.emit('run:progress', {
      runId,
      stageIndex: index,
      kind,
      status,
      done: stage.progressDone,
      total: stage.progressTotal,
      message: stage.message,
    });
  }

  private async execute(
    runId: number,
    { config, params }: ParsedRunConfig,
    from: number,
    signal: AbortSignal,
    baseDir: string,
    note: string | null,
  ): Promise<void> {
    if (signal.aborted) {
      this.skipFrom(runId, config, from, 'cancelled');
      this.setRunStatus(runId, 'cancelled', 'Cancelled before it started.');
      return;
    }
    this.setRunStatus(runId, 'running', null);
    // Every run remembers its base folder, so a re-run resolves (and compares) its inputs where it ran.
    recordRunBaseDir(this.workspace, runId, baseDir);
    const settings = this.workspace.settings.get();
    for (let index = from; index < config.stages.length; index++) {
      const kindName = config.stages[index].kind;
      const kind = this.registry.get(kindName)!;
      const log = this.openLog(runId, index);
      this.setStageStatus(runId, index, kindName, 'running');
      let lastPersist = 0;
      const ctx: StageContext = {
        runId,
        stageIndex: index,
        workspace: this.workspace,
        settings,
        config,
        baseDir,
        signal,
        progress: (done, total, message) => {
          const now = Date.now();
          if (now - lastPersist >= PROGRESS_PERSIST_MS || done >= total) {
            lastPersist = now;
            this.workspace.stages.setProgress(runId, index, done, total, message ?? null);
          }
          this.bus.emit('run:progress', {
            runId,
            stageIndex: index,
            kind: kindName,
            status: 'running',
            done,
            total,
            message: message ?? null,
          });
        },
        log: (text, stream = 'info') => {
          for (const line of log.write(text, stream)) this.bus.emit('run:log', { runId, ...line });
        },
      };
      if (index === from && note) ctx.log(note);
      try {
        const unmet = await unmetCondition(config.stages[index].when, kind, settings, signal);
        if (unmet !== null && !signal.aborted) {
          ctx.log(`Skipped: ${unmet}`);
          this.workspace.stages.setProgress(runId, index, 0, 0, unmet);
          this.setStageStatus(runId, index, kindName, 'skipped');
          continue;
        }
        const stageParams = params[index];
        // What the stage runs on, taken before it runs (it may overwrite its own inputs); a re-run compares it.
        const identity = JSON.stringify(stageIdentity(kindName, stageParams, baseDir));
        await createOutFolder(ctx.baseDir, stageParams);
        await kind.run(ctx, stageParams);
        if (signal.aborted) throw new Error('cancelled');
        this.workspace.stages.setIdentity(runId, index, identity);
        this.setStageStatus(runId, index, kindName, 'succeeded');
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const text = withFix(message, error instanceof UserError ? error.hint : undefined);
        if (signal.aborted) {
          ctx.log('Cancelled by the user.');
          this.setStageStatus(runId, index, kindName, 'cancelled', 'Cancelled by the user.');
          this.skipFrom(runId, config, index + 1, 'skipped');
          this.setRunStatus(runId, 'cancelled', 'Cancelled by the user.');
        } else {
          ctx.log(`Stage failed: ${text}`, 'stderr');
          this.setStageStatus(runId, index, kindName, 'failed', text);
          this.skipFrom(runId, config, index + 1, 'skipped');
          this.setRunStatus(runId, 'failed', `Stage ${index + 1} (${kindName}) failed: ${text}`);
        }
        return;
      } finally {
        await log.close();
      }
    }
    this.setRunStatus(runId, 'succeeded', null);
  }

  private skipFrom(runId: number, config: RunConfig, from: number, status: StageStatus): void {
    for (let i = from; i < config.stages.length; i++) this.setStageStatus(runId, i, config.stages[i].kind, status);
  }

  private openLog(runId: number, index: number): StageLogWriter {
    const stage = this.workspace.stages.list(runId)[index];
    return new StageLogWriter(
      path.join(this.workspace.dir, stage.logFile ?? path.join('logs', `run-${runId}`, `${index}.log`)),
      index,
    );
  }
}

/**
 * A stage's `out:` file may sit in a folder that does not exist yet (`out: build/rk3588/m.rknn`); vendor tools do
 * not create it (rknn-toolkit2's export_rknn fails with FileNotFoundError), so every stage gets it made first.
 */
async function createOutFolder(baseDir: string, params: unknown): Promise<void> {
  const out = (params as { out?: unknown } | null)?.out;
  if (typeof out === 'string' && out && !out.startsWith('artifact:'))
    await mkdir(path.dirname(path.resolve(baseDir, out)), { recursive: true });
}
