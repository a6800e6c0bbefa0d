/**
 * What each stage produced, so a child run reuses exactly the stages it keeps: `stage_index` on artifacts, metrics,
 * per-class metrics and layer errors (filled by the repos from the run's running stage; null = the run's own, e.g.
 * attached from outside a stage), and on stages the `identity` (kind + canonical params + input hashes) a re-run
 * compares before reusing a stage. Existing artifacts get the stage whose time window holds their creation.
 */
export const migration004 = `
ALTER TABLE artifacts ADD COLUMN stage_index INTEGER;
ALTER TABLE metrics ADD COLUMN stage_index INTEGER;
ALTER TABLE class_metrics ADD COLUMN stage_index INTEGER;
ALTER TABLE layer_errors ADD COLUMN stage_index INTEGER;
ALTER TABLE stages ADD COLUMN identity TEXT;
UPDATE artifacts SET stage_index = (
  SELECT s.idx FROM stages s
  WHERE s.run_id = artifacts.run_id AND s.started_at IS NOT NULL AND s.started_at <= artifacts.created_at
    AND (s.finished_at IS NULL OR artifacts.created_at <= s.finished_at)
  ORDER BY s.idx DESC LIMIT 1
);
`;
