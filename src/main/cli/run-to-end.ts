import type { EventPayload, RunDetail, RunSummary, WorkbenchApi } from '../../shared/contract';
import { createProgressLine } from './output';

const ENDED = new Set<RunSummary['status']>(['succeeded', 'failed', 'cancelled', 'interrupted']);

type Progress = EventPayload<'run:progress'>;

/**
 * Starts a run (via `start`, a contract call that returns it) and waits for it to end, from the contract's events:
 * a progress line on a TTY, Ctrl-C cancels it. Returns the finished run.
 */
export async function runToEnd(
  api: WorkbenchApi,
  start: () => Promise<RunSummary>,
  label: (p: Progress) => string = (p) => `stage ${p.stageIndex + 1} ${p.kind}`,
): Promise<RunDetail> {
  const bar = createProgressLine();
  let id: number | undefined;
  // A run can end before `start` resolves (a stage that fails at once), so ends are noted for every run.
  const ended = new Set<number>();
  let onEnd = (): void => undefined;
  const offStatus = api.events.onRunStatus((s) => {
    if (!ENDED.has(s.status)) return;
    ended.add(s.runId);
    if (s.runId === id) onEnd();
  });
  const offProgress = api.events.onRunProgress((p) => {
    if (id === undefined || p.runId === id) bar.update(label(p), p.done, p.total);
  });
  const cancel = (): void => {
    if (id !== undefined) api.runs.cancel({ id }).catch(() => undefined);
  };
  process.once('SIGINT', cancel);
  try {
    const run = await start();
    id = run.id;
    if (!ended.has(id)) await new Promise<void>((resolve) => (onEnd = resolve));
  } finally {
    offStatus();
    offProgress();
    process.off('SIGINT', cancel);
    bar.done();
  }
  return api.runs.get({ id });
}
