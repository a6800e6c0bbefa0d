import type { z } from 'zod';
import type { StageKindInfo } from '../../../shared/contract';
import type { Settings } from '../../../shared/contract';
import type { Workspace } from '../workspace/workspace';
import type { RunConfig } from '../../../shared/contract';

export interface StageContext {
  runId: number;
  stageIndex: number;
  workspace: Workspace;
  settings: Settings;
  config: RunConfig;
  /** Folder of the run config file, for resolving relative paths (the workspace dir for configs made in the UI). */
  baseDir: string;
  signal: AbortSignal;
  progress(done: number, total: number, message?: string): void;
  log(text: string, stream?: 'stdout' | 'stderr' | 'info'): void;
}

/** What a stage's replay piece needs to know about the stored run (`runs export-script`). */
export interface ReplayContext {
  /** 0-based position of the stage in the run. */
  index: number;
  /** The folder the run resolved relative paths against. */
  baseDir: string;
  /** The stage's side-file folder as the run made it (`stageWorkDir(ctx, name)`). */
  workDir(name: string): string;
}

/** One kind of pipeline stage: its YAML params schema and what it does. Vendors add their own kinds. */
export interface StageKind<P = unknown> extends StageKindInfo {
  params: z.ZodType<P>;
  run(ctx: StageContext, params: P): Promise<void>;
  /** What the stage adds to the run ("the rknn simulator column"), for the reason a `when:` skip gives. */
  gives?: string;
  /**
   * The stage as Python lines using the vendor APIs alone (the body of `stage_N()` in the exported script);
   * absent for workbench steps with no vendor equivalent.
   */
  replay?(params: P, ctx: ReplayContext): string[];
}

export function defineStageKind<S extends z.ZodType>(
  kind: Omit<StageKind<z.output<S>>, 'params'> & { params: S },
): StageKind<unknown> {
  return kind as unknown as StageKind<unknown>;
}

export class StageRegistry {
  private readonly kinds = new Map<string, StageKind<unknown>>();

  constructor(kinds: StageKind<unknown>[] = []) {
    kinds.forEach((k) => this.register(k));
  }

  register(kind: StageKind<unknown>): void {
    if (this.kinds.has(kind.kind)) throw new Error(`Stage kind "${kind.kind}" is registered twice.`);
    this.kinds.set(kind.kind, kind);
  }

  get(kind: string): StageKind<unknown> | undefined {
    return this.kinds.get(kind);
  }

  list(): StageKindInfo[] {
    return [...this.kinds.values()].map(({ kind, title, description }) => ({ kind, title, description }));
  }
}
