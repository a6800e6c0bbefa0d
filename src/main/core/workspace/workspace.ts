import { mkdirSync, accessSync, constants } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors/user-error';
import { ArtifactsRepo } from '../store/artifacts-repo';
import { CatalogRepo } from '../store/catalog-repo';
import { type Db, openDatabase } from '../store/database';
import { EvaluationsRepo } from '../store/evaluations-repo';
import { LayerErrorsRepo } from '../store/layer-errors-repo';
import { MetricsRepo } from '../store/metrics-repo';
import { processIsAlive, RunsRepo } from '../store/runs-repo';
import { SettingsRepo } from '../store/settings-repo';
import { StagesRepo } from '../store/stages-repo';

export interface Workspace {
  dir: string;
  db: Db;
  runs: RunsRepo;
  stages: StagesRepo;
  metrics: MetricsRepo;
  evaluations: EvaluationsRepo;
  layerErrors: LayerErrorsRepo;
  artifacts: ArtifactsRepo;
  settings: SettingsRepo;
  catalog: CatalogRepo;
  logsDir: string;
  /** Run ids that were found `running`/`queued` at open and marked `interrupted`. */
  recoveredRunIds: number[];
  close(): void;
}

export const DB_FILE = 'workbench.db';

export function openWorkspace(dir: string): Workspace {
  const abs = path.resolve(dir);
  try {
    mkdirSync(abs, { recursive: true });
    accessSync(abs, constants.W_OK);
  } catch (error) {
    throw new UserError(
      `Cannot use workspace folder ${abs}: ${(error as Error).message}`,
      'Choose a workspace folder you can write to.',
      'failed',
      'workspace',
    );
  }
  const logsDir = path.join(abs, 'logs');
  const artifactsDir = path.join(abs, 'artifacts');
  mkdirSync(logsDir, { recursive: true });
  mkdirSync(artifactsDir, { recursive: true });
  let db: Db;
  try {
    db = openDatabase(path.join(abs, DB_FILE));
  } catch (error) {
    throw new UserError(`Cannot open ${path.join(abs, DB_FILE)}: ${(error as Error).message}`, openFailureFix(error));
  }
  const runs = new RunsRepo(db);
  const recoveredRunIds = runs.markInterrupted();
  const artifacts = new ArtifactsRepo(db, artifactsDir);
  artifacts.removeStaleTemps(new Set(runs.openRunIds()), processIsAlive);
  return {
    dir: abs,
    db,
    runs,
    stages: new StagesRepo(db),
    metrics: new MetricsRepo(db),
    evaluations: new EvaluationsRepo(db),
    layerErrors: new LayerErrorsRepo(db),
    artifacts,
    settings: new SettingsRepo(db),
    catalog: new CatalogRepo(db),
    logsDir,
    recoveredRunIds,
    close: () => {
      if (db.open) db.close();
    },
  };
}

/** Only a damaged file is worth moving aside; a busy or newer database needs something else. */
function openFailureFix(error: unknown): string {
  const code = (error as { code?: string }).code ?? '';
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB')
    return 'The file is damaged: move it aside and NPU Workbench creates a fresh one (runs in it are not read).';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return 'Another process kept the workspace locked; retry, or stop the other npu-workbench process.';
  if (/newer NPU Workbench/.test((error as Error).message)) return 'Update NPU Workbench, or open another workspace.';
  return 'Check that the folder is readable and writable, then retry.';
}
