import type { Db } from './database';
import { nowIso } from './time';

export interface ProjectRecord {
  id: number;
  name: string;
  root: string | null;
  createdAt: string;
}
export interface DatasetRecord {
  id: number;
  projectId: number | null;
  name: string;
  kind: string;
  path: string;
  classNames: string[];
  imageCount: number | null;
}
export interface ModelRecord {
  id: number;
  projectId: number | null;
  name: string;
  format: string;
  path: string;
  sha256: string | null;
}

/** Projects, datasets and models a run can refer to. */
export class CatalogRepo {
  constructor(private readonly db: Db) {}

  ensureProject(name: string, root: string | null = null): ProjectRecord {
    this.db
      .prepare('INSERT INTO projects (name, root, created_at) VALUES (?, ?, ?) ON CONFLICT(name) DO NOTHING')
      .run(name, root, nowIso());
    return this.db
      .prepare('SELECT id, name, root, created_at AS createdAt FROM projects WHERE name = ?')
      .get(name) as ProjectRecord;
  }

  listProjects(): ProjectRecord[] {
    return this.db
      .prepare('SELECT id, name, root, created_at AS createdAt FROM projects ORDER BY name')
      .all() as ProjectRecord[];
  }

  addDataset(d: Omit<DatasetRecord, 'id'>): DatasetRecord {
    const info = this.db
      .prepare(
        'INSERT INTO datasets (project_id, name, kind, path, class_names, image_count, created_at) ' +
          'VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(d.projectId, d.name, d.kind, d.path, JSON.stringify(d.classNames), d.imageCount, nowIso());
    return { ...d, id: Number(info.lastInsertRowid) };
  }

  listDatasets(projectId?: number): DatasetRecord[] {
    const rows = this.db
      .prepare(
        'SELECT id, project_id AS projectId, name, kind, path, class_names AS classNames, image_count AS imageCount ' +
          `FROM datasets ${projectId ? 'WHERE project_id = ?' : ''} ORDER BY id`,
      )
      .all(...(projectId ? [projectId] : [])) as (Omit<DatasetRecord, 'classNames'> & { classNames: string })[];
    return rows.map((r) => ({ ...r, classNames: JSON.parse(r.classNames) as string[] }));
  }

  addModel(m: Omit<ModelRecord, 'id'>): ModelRecord {
    const info = this.db
      .prepare('INSERT INTO models (project_id, name, format, path, sha256, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(m.projectId, m.name, m.format, m.path, m.sha256, nowIso());
    return { ...m, id: Number(info.lastInsertRowid) };
  }

  listModels(projectId?: number): ModelRecord[] {
    return this.db
      .prepare(
        'SELECT id, project_id AS projectId, name, format, path, sha256 ' +
          `FROM models ${projectId ? 'WHERE project_id = ?' : ''} ORDER BY id`,
      )
      .all(...(projectId ? [projectId] : [])) as ModelRecord[];
  }
}
