import { execa, type ResultPromise } from 'execa';
import type { BoardDevice } from '../../../shared/contract';
import type { AdbClient } from './adb-client';
import { splitTrackFrames } from './device-list';

export interface DeviceTracker {
  stop(): void;
}

const RESTART_DELAY_MS = 2000;

/**
 * Follows `adb track-devices` (the server pushes a new list on every plug, unplug, authorize or
 * offline change) and reports full `devices -l` lists, so listeners also get model names. If the adb
 * server goes away, tracking restarts after a short pause until stopped.
 */
export function trackDevices(
  adb: AdbClient,
  onDevices: (devices: BoardDevice[]) => void,
  onError: (error: unknown) => void = () => undefined,
): DeviceTracker {
  let stopped = false;
  let child: ResultPromise | null = null;
  let timer: NodeJS.Timeout | null = null;
  let last = '';

  const refresh = async (): Promise<void> => {
    try {
      const devices = await adb.devices({ timeoutMs: 10_000 });
      const key = JSON.stringify(devices);
      if (!stopped && key !== last) {
        last = key;
        onDevices(devices);
      }
    } catch (error) {
      if (!stopped) onError(error);
    }
  };

  const start = (): void => {
    if (stopped) return;
    let pending = '';
    const proc = execa(adb.target.adbPath, ['-P', String(adb.target.port), 'track-devices'], {
      buffer: false,
      reject: false,
      stdin: 'ignore',
      encoding: 'utf8',
      cleanup: true,
    });
    child = proc;
    proc.stdout?.setEncoding('utf8');
    proc.stdout?.on('data', (chunk: string) => {
      const { lists, rest } = splitTrackFrames(pending + chunk);
      pending = rest;
      if (lists.length) void refresh();
    });
    void proc.then(() => {
      child = null;
      if (!stopped) timer = setTimeout(start, RESTART_DELAY_MS);
    });
  };

  start();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      child?.kill();
    },
  };
}
