const KILL_GRACE_MS = 3000;

export interface GroupSupervisor {
  /** Set when the AbortSignal fired (the group was killed because the user cancelled). */
  readonly cancelled: boolean;
  /** Set when the time limit passed (the group was killed as hung). */
  readonly timedOut: boolean;
  /** Stops watching; call when the child has exited. */
  dispose(): void;
}

/**
 * Cancel and timeout for a child started with `detached: true` (so it leads its own process group):
 * SIGTERM to the whole group, SIGKILL after a grace period — whatever the tool started dies with it.
 */
export function superviseGroup(
  child: { pid?: number },
  signal: AbortSignal | undefined,
  timeoutMs: number | undefined,
): GroupSupervisor {
  const state = { cancelled: false, timedOut: false };
  const killGroup = (): void => {
    const send = (sig: NodeJS.Signals): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, sig);
      } catch {
        /* already gone */
      }
    };
    send('SIGTERM');
    setTimeout(() => send('SIGKILL'), KILL_GRACE_MS).unref();
  };
  const onAbort = (): void => {
    state.cancelled = true;
    killGroup();
  };
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer = timeoutMs ? setTimeout(() => ((state.timedOut = true), killGroup()), timeoutMs) : undefined;
  return {
    get cancelled() {
      return state.cancelled;
    },
    get timedOut() {
      return state.timedOut;
    },
    dispose() {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}
