/**
 * The AP ledger: one row per AP measured, with what was scored (model, variant), where it ran
 * (runtime, latency and where it was measured) and on what (dataset fingerprint, pre-processing,
 * thresholds). JSON columns hold text.
 */
export const migration002 = `
CREATE TABLE evaluations (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  stage_index INTEGER,
  stage_kind TEXT NOT NULL,
  model_path TEXT,
  model_sha256 TEXT,
  variant TEXT NOT NULL,
  variant_detail TEXT NOT NULL DEFAULT '{}',
  role TEXT NOT NULL DEFAULT 'measured' CHECK (role IN ('measured','proposal','candidate')),
  label TEXT NOT NULL,
  runtime TEXT NOT NULL,
  runtime_detail TEXT NOT NULL DEFAULT '{}',
  dataset TEXT NOT NULL,
  dataset_name TEXT,
  preprocess TEXT NOT NULL DEFAULT '{}',
  conf REAL,
  iou REAL,
  max_det INTEGER,
  stats TEXT NOT NULL,
  map REAL NOT NULL,
  map50 REAL NOT NULL,
  per_class TEXT NOT NULL DEFAULT '[]',
  pr_curves TEXT,
  images INTEGER NOT NULL,
  latency_ms REAL,
  latency_where TEXT CHECK (latency_where IN ('host','board','gpu')),
  source TEXT NOT NULL DEFAULT 'measured' CHECK (source IN ('measured','migrated')),
  created_at TEXT NOT NULL
);
CREATE INDEX evaluations_run ON evaluations(run_id, role);
CREATE INDEX evaluations_dataset ON evaluations(dataset, variant);
`;
