import path from 'node:path';
import type { RunSummary } from '../../../shared/contract';
import type { Workspace } from '../workspace/workspace';
import { recordedBaseDir, recordRunBaseDir } from './run-base-dir';
import type { ParsedRunConfig } from './run-config';
import { identityChange, type StageIdentity, stageIdentity } from './stage-identity';

/**
 * Where a child run re-running from `from` must really start: the parent's stages before it are reused only while
 * each is still the same stage — same kind, params and input files (by content; folders by listing) as when the
 * parent ran it. The first that is not starts the child, with the reason as a note for its log.
 */
export function reusableFrom(
  workspace: Workspace,
  parentId: number,
  from: number,
  { config, params }: ParsedRunConfig,
  baseDir: string,
): { from: number; note: string | null } {
  const recorded = workspace.stages.identities(parentId);
  for (let i = 0; i < from; i++) {
    const before = recorded[i];
    if (before === null) continue; // ran before identities were recorded, or skipped by its when:
    const change = identityChange(
      JSON.parse(before) as StageIdentity,
      stageIdentity(config.stages[i].kind, params[i], baseDir),
    );
    const stage = `Stage ${i + 1} (${config.stages[i].kind}) of run ${parentId}`;
    if (change) return { from: i, note: `${stage} is not reused: ${change}; re-running from here.` };
  }
  return { from, note: null };
}

/**
 * History is immutable: a re-run or resume is a new run linked to its parent, with the parent's config. The
 * stages before `from` are the parent's: their status and log, and exactly what they produced (artifacts, metrics,
 * per-class metrics, layer errors, evaluation records with their PR curves; rows carried over by reference, by the
 * stage that wrote them) and the environment snapshot, so the child starts at `from`; the parent stays as it was.
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
    workspace.artifacts.copyToRun(parentId, child.id, from);
    workspace.evaluations.copyToRun(parentId, child.id, from);
    workspace.metrics.copyToRun(parentId, child.id, from);
    workspace.layerErrors.copyToRun(parentId, child.id, from);
    if (row.env_snapshot)
      workspace.runs.setEnvSnapshot(child.id, JSON.parse(row.env_snapshot) as Record<string, unknown>);
  }
  const baseDir = recordedBaseDir(workspace, parentId);
  if (baseDir) recordRunBaseDir(workspace, child.id, baseDir);
  return workspace.runs.get(child.id);
}
