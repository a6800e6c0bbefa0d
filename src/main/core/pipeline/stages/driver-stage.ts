import path from 'node:path';
import { resolvePython } from '../../toolchains/python-locate';
import { type DriverResult, runPythonDriver } from '../../toolchains/python-driver';
import type { StageContext } from '../stage-kind';

/** Runs a protocol driver inside a stage: progress, log lines and cancel are wired to the stage. */
export async function runDriverInStage(
  ctx: StageContext,
  script: string,
  config: unknown,
  timeoutMs?: number,
): Promise<DriverResult> {
  ctx.log(`$ ${resolvePython(ctx.settings)} ${path.basename(script)}`);
  return runPythonDriver({
    python: resolvePython(ctx.settings),
    script,
    config,
    signal: ctx.signal,
    timeoutMs,
    cwd: ctx.baseDir,
    onLog: (text, stream) => ctx.log(text, stream),
    onMessage: (msg) => {
      if (msg.type === 'progress') ctx.progress(msg.done, msg.total, msg.message ?? msg.stage);
    },
  });
}

/** Stores a driver's `metrics` and artifacts with the run. */
export async function storeDriverResult(ctx: StageContext, outcome: DriverResult): Promise<void> {
  const metrics = outcome.result.metrics;
  if (metrics && typeof metrics === 'object') {
    const numeric = Object.fromEntries(
      Object.entries(metrics as Record<string, unknown>).filter((e): e is [string, number] => typeof e[1] === 'number'),
    );
    ctx.workspace.metrics.set(ctx.runId, numeric);
  }
  for (const a of outcome.artifacts) {
    const stored = await ctx.workspace.artifacts.importFile(ctx.runId, a.kind, path.resolve(ctx.baseDir, a.path));
    ctx.log(`artifact ${a.kind}: ${stored.path} (${stored.bytes} bytes)`);
  }
}
