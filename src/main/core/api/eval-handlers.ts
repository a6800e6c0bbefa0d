import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { EvalResultSchema, PrCurvesSchema } from '../../../shared/contract';
import { DEMO_CLASSES, ensureDemoDataset } from '../data/demo-dataset';
import { notFound } from '../errors/user-error';
import { demoModelPath, evalResultOf, runEvaluation } from '../eval/run-evaluation';
import { attachEvaluation, EVAL_RESULT_ARTIFACT, PR_CURVES_ARTIFACT } from '../eval/store-evaluation';
import type { Workspace } from '../workspace/workspace';
import type { Handlers } from './dispatch';

/** Handlers of evalInvokeContract: a run's stored evaluation and PR curves, attaching one, and the demo project. */
export function createEvalHandlers(deps: {
  workspace: Workspace;
}): Pick<Handlers, 'eval:result' | 'eval:prCurves' | 'eval:attach' | 'eval:demo'> {
  const { workspace } = deps;
  const readArtifact = async <S extends z.ZodType>(id: number, kind: string, schema: S): Promise<z.output<S>> => {
    workspace.runs.get(id);
    const artifact = workspace.artifacts.list(id).findLast((a) => a.kind === kind);
    if (!artifact)
      throw notFound(
        `An evaluation of run ${id}`,
        'Only runs with an eval stage (or made by `npu-workbench eval`) have one.',
      );
    return schema.parse(JSON.parse(await readFile(path.resolve(workspace.dir, artifact.path), 'utf8')));
  };
  return {
    'eval:result': ({ id }) => readArtifact(id, EVAL_RESULT_ARTIFACT, EvalResultSchema),
    'eval:prCurves': ({ id }) => readArtifact(id, PR_CURVES_ARTIFACT, PrCurvesSchema),
    'eval:attach': async ({ id, params, baseDir }) => {
      workspace.runs.get(id);
      const report = await runEvaluation(params, { baseDir });
      await attachEvaluation({ workspace, runId: id }, report, params);
      return evalResultOf(report);
    },
    'eval:demo': async () => ({
      model: demoModelPath(),
      dataset: await ensureDemoDataset(),
      classNames: [...DEMO_CLASSES],
    }),
  };
}
