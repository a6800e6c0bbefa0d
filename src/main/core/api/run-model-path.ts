import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { UserError } from '../errors/user-error';
import { ANALYSIS_SUMMARY_KIND } from '../pipeline/stages/analyse-stage';
import type { Workspace } from '../workspace/workspace';

/** The model file behind a run: what its analyse stage recorded, else the run config's `model:`. */
export function runModelPath(workspace: Workspace, id: number): string {
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
