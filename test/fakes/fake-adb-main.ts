/**
 * Starts the fake adb server with the standard fake boards, for e2e tests and manual tries of the
 * Board panel: `tsx test/fakes/fake-adb-main.ts [--port N]` prints `{"port":N}` and runs until killed.
 * Then `adb -P N devices -l`, or set Settings › adbServerPort to N (adbPath /usr/bin/adb).
 */
import { FakeAdbServer } from './fake-adb-server';
import { androidRk3588, droppingBoard, linuxRk3588, linuxRv1106, unauthorizedBoard } from './fake-boards';

const server = new FakeAdbServer([
  linuxRk3588('RK3588LNX01', { server: '1.5.2', runtime: '1.5.2', serverRunning: false }),
  androidRk3588('RK3588AND01'),
  androidRk3588('RK3588ANDPROD', {}, { rootable: false }),
  linuxRv1106('RV1106LNX01', { server: '1.6.0', runtime: '1.6.0' }),
  unauthorizedBoard('RK3588UNAUTH'),
  droppingBoard('RK3588DROP'),
]);
server.network.set('192.168.50.2:5555', linuxRk3588('192.168.50.2:5555'));
const portArg = process.argv.indexOf('--port');
const port = await server.start(portArg > 0 ? Number(process.argv[portArg + 1]) : 0);
process.stdout.write(`${JSON.stringify({ port })}\n`);
const stop = (): void => void server.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
