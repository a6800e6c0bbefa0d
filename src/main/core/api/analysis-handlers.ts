import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isSeq, parseDocument } from 'yaml';
import { type AnalysisSummary, AnalysisSummarySchema } from '../../../shared/contract/analysis-contract';
import { UserError } from '../errors/user-error';
import type { EventBus } from '../events/event-bus';
import type { JobRunner } from '../pipeline/job-runner';
import { readRunConfig } from '../pipeline/run-config';
import type { StageRegistry } from '../pipeline/stage-kind';
import { ANALYSIS_SUMMARY_KIND } from '../pipeline/stages/analyse-stage';
import { formatModelExplorerNodeData, formatRknnErrorTable } from '../quant/layer-report';
import type { Workspace } from '../workspace/workspace';
import type { Handlers } from './dispatch';
import { runModelPath } from './run-model-path';
import { loadOnnx } from '../onnx/onnx-model';
import { assertKeepFloat } from '../quant/keep-float-check';

export interface AnalysisHandlerDeps {
  workspace: Workspace;
  registry: StageRegistry;
  runner: JobRunner;
  bus: EventBus;
}

type AnalysisChannels = 'analysis:layerErrors' | 'analysis:summary' | 'analysis:export' | 'analysis:rerun';

export function createAnalysisHandlers(deps: AnalysisHandlerDeps): Pick<Handlers, AnalysisChannels> {
  const { workspace } = deps;
  const summary = async (id: number): Promise<AnalysisSummary | null> => {
    workspace.runs.get(id);
    const artifact = workspace.artifacts.list(id).findLast((a) => a.kind === ANALYSIS_SUMMARY_KIND);
    if (!artifact) return null;
    return AnalysisSummarySchema.parse(JSON.parse(await readFile(path.join(workspace.dir, artifact.path), 'utf8')));
  };
  return {
    'analysis:layerErrors': ({ id, source }) => (workspace.runs.get(id), workspace.layerErrors.list(id, source)),
    'analysis:summary': ({ id }) => summary(id),
    'analysis:export': ({ id, format, source, metric }) => {
      workspace.runs.get(id);
      const rows = workspace.layerErrors.list(id, source ?? 'sim');
      if (rows.length === 0)
        throw new UserError(
          `Run ${id} has no ${source ?? 'sim'} layer errors`,
          'Run an analyse stage (or import an error_analysis.txt) first.',
          'invalid_input',
        );
      return format === 'rknn-table'
        ? { fileName: `run-${id}-error_analysis.txt`, mimeType: 'text/plain', text: formatRknnErrorTable(rows) }
        : {
            fileName: `run-${id}-node-data.json`,
            mimeType: 'application/json',
            text: formatModelExplorerNodeData(rows, metric),
          };
    },
    'analysis:rerun': ({ id, keepFloat }) => {
      const row = workspace.runs.getRow(id);
      const doc = parseDocument(row.config_text);
      const stages = doc.get('stages', true);
      const index = isSeq(stages) ? stages.items.findIndex((s) => isMap(s) && s.get('kind') === 'analyse') : -1;
      if (index < 0)
        throw new UserError(
          `Run ${id} has no analyse stage`,
          'Re-run with a keep-float set only works on analysis runs.',
          'invalid_input',
        );
      const modelPath = runModelPath(workspace, id);
      assertKeepFloat(loadOnnx(modelPath), keepFloat, modelPath);
      doc.setIn(['stages', index, 'keepFloat'], keepFloat);
      doc.set('name', `${String(doc.get('name'))} (keep ${keepFloat.length} float)`);
      const configText = doc.toString();
      const parsed = readRunConfig(configText, deps.registry);
      const { config } = parsed;
      const created = workspace.runs.create({
        name: config.name,
        target: config.target,
        backend: config.backend,
        configText,
        parentRunId: id,
        tags: config.tags,
      });
      deps.bus.emit('runs:changed', { runIds: [created.id] });
      return deps.runner.start(created.id, { parsed });
    },
  };
}
