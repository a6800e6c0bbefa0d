import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEMO_CLASSES, ensureDemoDataset } from '../data/demo-dataset';
import { notFound } from '../errors/user-error';
import { demoModelPath } from '../eval/run-evaluation';
import { EVAL_RESULT_ARTIFACT, PR_CURVES_ARTIFACT } from '../eval/store-evaluation';
import type { Workspace } from '../workspace/workspace';
import type { Handlers } from './dispatch';

/** Handlers of evalInvokeContract: a run's stored evaluation and PR curves, and the demo project. */
export function createEvalHandlers(deps: {
  workspace: Workspace;
}): Pick<Handlers, 'eval:result' | 'eval:prCurves' | 'eval:demo'> {
  const { workspace } = deps;
  const readArtifact = async (id: number, kind: string): Promise<unknown> => {
    workspace.runs.get(id);
    const artifact = workspace.artifacts.list(id).findLast((a) => a.kind === kind);
    if (!artifact)
      throw notFound(
        `An evaluation of run ${id}`,
        'Only runs with an eval stage (or made by `npu-workbench eval`) have one.',
      );
    return JSON.parse(await readFile(path.resolve(workspace.dir, artifact.path), 'utf8'));
  };
  return {
    'eval:result': async ({ id }) => (await readArtifact(id, EVAL_RESULT_ARTIFACT)) as never,
    'eval:prCurves': async ({ id }) => (await readArtifact(id, PR_CURVES_ARTIFACT)) as never,
    'eval:demo': async () => ({
      model: demoModelPath(),
      dataset: await ensureDemoDataset(),
      classNames: [...DEMO_CLASSES],
    }),
  };
}
