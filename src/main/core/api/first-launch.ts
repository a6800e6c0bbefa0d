import { existsSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunSummary } from '../../../shared/contract';
import { demoRunConfig } from '../../../shared/demo/demo-run-config';
import { demoDatasetDir } from '../data/demo-dataset';
import { demoModelPath } from '../eval/run-evaluation';
import type { WorkbenchCore } from './workbench-service';

/** Written into the workspace once the first-launch routine has decided, so it never runs twice. */
export const FIRST_LAUNCH_MARKER = 'first-launch.json';
/** Set to 1 to keep a fresh workspace empty (tests, scripted setups); `serve --no-demo` does the same. */
export const NO_DEMO_ENV = 'NPU_WORKBENCH_NO_DEMO';

export function demoWanted(flag: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  return flag && !['1', 'true', 'yes'].includes((env[NO_DEMO_ENV] ?? '').toLowerCase());
}

/**
 * First launch of a workspace (the desktop app and `serve` both call this): a workspace that never had a
 * run gets the demo project's baseline run, started at once and pinned as the baseline, so no screen
 * starts empty. Runs once per workspace (marker file); a workspace with runs is only marked. With
 * `demo: false` nothing is written, so a later launch without the opt-out still seeds it.
 */
export async function firstLaunch(core: WorkbenchCore, options: { demo: boolean }): Promise<RunSummary | null> {
  const marker = path.join(core.workspace.dir, FIRST_LAUNCH_MARKER);
  if (!options.demo || existsSync(marker)) return null;
  let demo: RunSummary | null = null;
  if (!core.workspace.runs.anyEver()) {
    // The eval stage generates the dataset (seconds) before analyse reads it, so launching does not wait for it.
    const configText = demoRunConfig({ model: demoModelPath(), dataset: demoDatasetDir() });
    demo = await core.api.runs.create({ configText });
    await core.api.settings.update({ baselineRunId: demo.id });
  }
  writeFileSync(
    `${marker}.tmp`,
    `${JSON.stringify({ at: new Date().toISOString(), demoRunId: demo?.id ?? null }, null, 2)}\n`,
  );
  renameSync(`${marker}.tmp`, marker);
  return demo;
}
