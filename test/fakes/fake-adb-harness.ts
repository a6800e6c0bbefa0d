import { execa } from 'execa';
import { AdbClient } from '../../src/main/core/board/adb-client';
import { FakeAdbServer } from './fake-adb-server';
import type { FakeBoard } from './fake-board';

export const REAL_ADB = '/usr/bin/adb';

export interface FakeAdbSetup {
  server: FakeAdbServer;
  port: number;
  adb: AdbClient;
  stop(): Promise<void>;
}

/**
 * Starts the fake adb server on a random loopback port *before* any adb call (otherwise the client
 * spawns a real daemon on the port) and returns an AdbClient for the real Debian adb. `stop()` sends
 * `adb -P PORT kill-server` and closes the fake. HOME is a temp dir (test/global-setup.ts), so adb's
 * ~/.android/adbkey lands there.
 */
export async function startFakeAdb(boards: FakeBoard[]): Promise<FakeAdbSetup> {
  const server = new FakeAdbServer(boards);
  const port = await server.start();
  return {
    server,
    port,
    adb: new AdbClient({ adbPath: REAL_ADB, port }),
    async stop() {
      await execa(REAL_ADB, ['-P', String(port), 'kill-server'], { reject: false, timeout: 10_000 });
      await server.close();
    },
  };
}
