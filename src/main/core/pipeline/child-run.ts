import path from 'node:path';
import type { RunSummary } from '../../../shared/contract';
import type { Workspace } from '../workspace/workspace';
import { recordedBaseDir, recordRunBaseDir } from './run-base-dir';

/**
 * History is immutable: a re-run or resume is a new run linked to its parent, with the parent's config. The
 * stages before `from` are the parent's (status, log and the artifacts, metrics, evaluations and environment
 * they produced are carried over by reference), so the child starts at `from`; the parent stays as it was.
 */
export function createChildRun(workspace: Workspace, parentId: number, from: number): RunSummary {
  const parent = workspace.runs.get(parentId);
  const row = workspace.runs.getRow(parentId);
  const parentStages = workspace.stages.list(parentId);
  const child = workspace.runs.create({
    name: parent.name,
    target: parent.target,
    backend: parent.backend,
    configText: row.config_text,
    parentRunId: parentId,
    projectId: row.project_id,
    modelId: row.model_id,
    datasetId: row.dataset_id,
    tags: parent.tags,
  });
  workspace.stages.replaceAll(
    child.id,
    parentStages.map((s, i) => ({
      kind: s.kind,
      logFile: i < from && s.logFile ? s.logFile : path.join('logs', `run-${child.id}`, `${i}-${s.kind}.log`),
    })),
  );
  if (from > 0) {
    parentStages.slice(0, from).forEach((s) => workspace.stages.copyResult(child.id, s));
    // Artifacts stored by the kept stages: up to the moment the last of them finished.
    workspace.artifacts.copyToRun(parentId, child.id, parentStages[from - 1].finishedAt ?? '');
    workspace.evaluations.copyToRun(parentId, child.id, from);
    workspace.metrics.set(child.id, workspace.metrics.get(parentId));
    if (row.env_snapshot)
      workspace.runs.setEnvSnapshot(child.id, JSON.parse(row.env_snapshot) as Record<string, unknown>);
  }
  const baseDir = recordedBaseDir(workspace, parentId);
  if (baseDir) recordRunBaseDir(workspace, child.id, baseDir);
  return workspace.runs.get(child.id);
}
