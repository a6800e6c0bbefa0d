/** Initial schema. Times are ISO-8601 UTC text; JSON columns hold text. */
export const migration001 = `
CREATE TABLE projects (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  root TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE datasets (
  id INTEGER PRIMARY KEY,
  project_id INTEGER REFERENCES projects(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  path TEXT NOT NULL,
  class_names TEXT NOT NULL DEFAULT '[]',
  image_count INTEGER,
  created_at TEXT NOT NULL
);
CREATE TABLE models (
  id INTEGER PRIMARY KEY,
  project_id INTEGER REFERENCES projects(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  format TEXT NOT NULL,
  path TEXT NOT NULL,
  sha256 TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  project_id INTEGER REFERENCES projects(id) ON DELETE SET NULL,
  model_id INTEGER REFERENCES models(id) ON DELETE SET NULL,
  dataset_id INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
  parent_run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
  name TEXT NOT NULL,
  target TEXT NOT NULL,
  backend TEXT NOT NULL,
  config_text TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('created','queued','running','succeeded','failed','cancelled','interrupted')),
  tags TEXT NOT NULL DEFAULT '[]',
  archived INTEGER NOT NULL DEFAULT 0,
  deleted_at TEXT,
  env_snapshot TEXT,
  runner_pid INTEGER,
  error TEXT,
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT
);
CREATE INDEX runs_created ON runs(deleted_at, archived, created_at DESC, id DESC);
CREATE INDEX runs_status ON runs(status);
CREATE INDEX runs_target_backend ON runs(target, backend);
CREATE INDEX runs_parent ON runs(parent_run_id);
CREATE TABLE stages (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending','running','succeeded','failed','cancelled','skipped','interrupted')),
  progress_done REAL NOT NULL DEFAULT 0,
  progress_total REAL NOT NULL DEFAULT 0,
  message TEXT,
  log_file TEXT,
  error TEXT,
  started_at TEXT,
  finished_at TEXT,
  UNIQUE (run_id, idx)
);
CREATE TABLE metrics (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (run_id, key)
) WITHOUT ROWID;
CREATE INDEX metrics_key ON metrics(key, value);
CREATE TABLE class_metrics (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  class_id INTEGER NOT NULL,
  class_name TEXT NOT NULL,
  key TEXT NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (run_id, class_id, key)
) WITHOUT ROWID;
CREATE TABLE layer_errors (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  source TEXT NOT NULL CHECK (source IN ('sim','vendor-sim','board')),
  seq INTEGER NOT NULL,
  tensor TEXT NOT NULL,
  op_type TEXT,
  onnx_node TEXT,
  cos_entire REAL,
  cos_single REAL,
  euc_entire REAL,
  euc_single REAL,
  sqnr REAL
);
CREATE INDEX layer_errors_run ON layer_errors(run_id, source, seq);
CREATE TABLE artifacts (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX artifacts_run ON artifacts(run_id);
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`;
