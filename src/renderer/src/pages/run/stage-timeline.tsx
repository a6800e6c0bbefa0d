import { useEffect, useState } from 'react';
import { type Stage, stageDone } from '../../../../shared/contract';
import type { StageRate } from './use-run-live';

/** Re-renders every second while a stage runs, so its elapsed time counts up. */
function useTicking(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

function duration(stage: Stage, now: number): string | null {
  if (!stage.startedAt) return null;
  const end = stage.finishedAt ? Date.parse(stage.finishedAt) : now;
  const s = Math.max(0, (end - Date.parse(stage.startedAt)) / 1000);
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

function etaText(sec: number | null | undefined): string | null {
  if (sec === null || sec === undefined || !Number.isFinite(sec)) return null;
  return sec < 60 ? `about ${Math.ceil(sec)} s left` : `about ${Math.ceil(sec / 60)} min left`;
}

/** The stages in order with status, progress bar, ETA, duration and error; each can be the start of a re-run. */
export function StageTimeline(props: {
  stages: Stage[];
  eta: Map<number, StageRate>;
  canRerun: boolean;
  onRerun(index: number): void;
  activeLog: number | null;
  onShowLog(index: number | null): void;
}): React.JSX.Element {
  const now = useTicking(props.stages.some((s) => s.status === 'running'));
  return (
    <ol className="stage-timeline" aria-label="Stages">
      {props.stages.map((s) => {
        const pct =
          s.progressTotal > 0
            ? Math.min(100, (100 * s.progressDone) / s.progressTotal)
            : s.status === 'succeeded'
              ? 100
              : 0;
        const rerunnable = props.canRerun && props.stages.slice(0, s.index).every(stageDone);
        return (
          <li
            key={s.index}
            className={`stage stage-${s.status}`}
            aria-label={`Stage ${s.index + 1} ${s.kind}: ${s.status}`}
          >
            <div className="stage-head">
              <span className="stage-dot" aria-hidden="true" />
              <strong>
                {s.index + 1}. {s.kind}
              </strong>
              <span className={`status status-${s.status}`}>{s.status}</span>
              <span className="muted small">{duration(s, now)}</span>
              <span className="spacer" />
              <button
                type="button"
                className="ghost small"
                aria-pressed={props.activeLog === s.index}
                onClick={() => props.onShowLog(props.activeLog === s.index ? null : s.index)}
              >
                Log
              </button>
              {rerunnable && (
                <button
                  type="button"
                  className="small"
                  onClick={() => props.onRerun(s.index)}
                  title="Run again from this stage, keeping the stages before it"
                >
                  Re-run from here
                </button>
              )}
            </div>
            {(s.status === 'running' || s.progressTotal > 0) && (
              <div className="stage-progress">
                <div
                  className="bar"
                  role="progressbar"
                  aria-label={`${s.kind} progress`}
                  aria-valuemin={0}
                  aria-valuemax={s.progressTotal || 1}
                  aria-valuenow={s.progressDone}
                >
                  <div style={{ width: `${pct}%` }} />
                </div>
                <span className="muted small">
                  {s.progressTotal > 0 ? `${s.progressDone}/${s.progressTotal}` : ''} {s.message ?? ''}{' '}
                  {s.status === 'running' ? etaText(props.eta.get(s.index)?.etaSec) : ''}
                </span>
              </div>
            )}
            {s.status === 'skipped' && s.message && (
              <p className="stage-note muted small" aria-label={`Stage ${s.index + 1} skipped because`}>
                {s.message}
              </p>
            )}
            {s.error && (
              <p className="stage-error" role="alert">
                {s.error}
              </p>
            )}
          </li>
        );
      })}
    </ol>
  );
}
