import path from 'node:path';
import type { BoardReport } from '../../../../../shared/contract';
import type { AdbClient } from '../../../board/adb-client';
import { makeVendorWritable } from '../../../board/android-remount';
import { BoardError } from '../../../board/board-error';
import { boardReport, type ReportOptions } from './board-report';
import { defaultLibPath, RUNTIME_PATHS, runtimeKind } from './runtime-layout';
import type { RuntimeTarget } from './runtime-files';
import type { LocatedRuntime } from './runtime-locate';
import { shJoin, shQuote } from '../../../board/shell-quote';

export interface FixRuntimeResult {
  runtimeDir: string;
  steps: string[];
  before: BoardReport;
  after: BoardReport;
}

const SERVER_WAIT_MS = 6000;
const POLL_MS = 300;

/**
 * The one-click fix: finds the runtime for the board's OS and CPU (`locate`); on Android first `adb root` +
 * `adb remount`; then pushes rknn_server and the runtime library to where the board's OS expects them (to a
 * temporary name, then chmod + mv, so a half-pushed file never replaces a good one), restarts rknn_server, waits
 * for a new rknn_server process, and probes again; a restart that did not take is an error.
 */
export async function fixRuntime(
  adb: AdbClient,
  serial: string,
  locate: (target: RuntimeTarget) => Promise<LocatedRuntime>,
  options: ReportOptions,
  log: (step: string) => void = () => undefined,
): Promise<FixRuntimeResult> {
  const steps: string[] = [];
  const step = (text: string): void => {
    steps.push(text);
    log(text);
  };
  const before = await boardReport(adb, serial, options);
  if (before.state !== 'device') {
    const problem = before.problems[0];
    throw new BoardError(
      `Board ${serial} cannot be fixed while it is ${before.state}: ${problem?.message ?? ''}`.trim(),
      problem?.fix ?? 'Reconnect the board.',
      before.state === 'unauthorized' ? 'unauthorized' : 'offline',
    );
  }
  const os = before.os === 'android' ? 'android' : 'linux';
  const kind = runtimeKind(before);
  const { dir: runtimeDir, source, bundle } = await locate({ kind, abi: before.abi });
  step(
    `runtime folder (${source === 'given' ? 'chosen' : `found: ${source}`}): ${runtimeDir}; ` +
      `rknn_server ${bundle.server.version} (${bundle.server.path}), ` +
      `${path.basename(bundle.lib.path)} ${bundle.lib.version} (${bundle.lib.path})`,
  );
  const sh = async (command: string, doing: string): Promise<string> => {
    const r = await adb.shell(serial, command, doing, options);
    if (r.exitCode !== 0)
      throw new BoardError(
        `Board ${serial}: ${doing} failed: ${(r.stderr || r.stdout).trim().split('\n').pop() ?? `exit ${r.exitCode}`}`,
        readOnlyHint(r.stderr + r.stdout, os),
        /Read-only/i.test(r.stderr + r.stdout) ? 'read_only' : 'command_failed',
      );
    return r.stdout;
  };

  // Android keeps the runtime on /vendor, read-only and root-owned until `adb root` + `adb remount`.
  if (os === 'android') await makeVendorWritable(adb, serial, options, step);

  const paths = RUNTIME_PATHS[kind];
  const serverTarget = before.rknnServer.path ?? paths.server[0];
  // rknn_server loads /usr/lib/librknnrt.so itself, so on Linux RK35xx that copy is always replaced too.
  const libTargets = [
    ...new Set([
      before.librknnrt.path ?? defaultLibPath(kind, before.abi),
      ...(kind === 'linux' ? ['/usr/lib/librknnrt.so'] : []),
    ]),
  ];
  const installs: { local: string; remote: string; mode: string }[] = [
    { local: bundle.server.path, remote: serverTarget, mode: '755' },
    ...libTargets.map((remote) => ({ local: bundle.lib.path, remote, mode: '644' })),
    ...bundle.scripts.map((local) => ({ local, remote: `/usr/bin/${path.basename(local)}`, mode: '755' })),
  ];
  for (const item of installs) {
    const temp = `${item.remote}.npuwb-new`;
    const pushed = await adb.push(serial, item.local, temp, options);
    await sh(
      `chmod ${item.mode} ${shQuote(temp)} && mv -f ${shJoin([temp, item.remote])}`,
      `installing ${item.remote}`,
    );
    step(`installed ${item.remote} (${pushed.bytes} bytes, mode ${item.mode})`);
  }

  const oldPids = await serverPids(adb, serial, options);
  if (os === 'android') {
    await sh('setprop ctl.restart rknn_server', 'restarting rknn_server');
    step('restarted rknn_server (init service)');
  } else if (
    installs.some((i) => i.remote === '/usr/bin/restart_rknn.sh') ||
    (await adb.shell(serial, 'ls /usr/bin/restart_rknn.sh', 'looking for restart_rknn.sh', options)).exitCode === 0
  ) {
    await sh('nohup /usr/bin/restart_rknn.sh >/dev/null 2>&1 </dev/null &', 'restarting rknn_server');
    step('restarted rknn_server with /usr/bin/restart_rknn.sh');
  } else {
    await sh(
      `killall rknn_server 2>/dev/null; nohup ${shQuote(serverTarget)} >/dev/null 2>&1 </dev/null &`,
      'restarting rknn_server',
    );
    step(`restarted ${serverTarget}`);
  }
  // Proof, not hope: the server must be running under a new PID (the old process would keep the old runtime
  // loaded), and the final probe must report it running.
  const deadline = Date.now() + SERVER_WAIT_MS;
  let pids = await serverPids(adb, serial, options);
  const replaced = (): boolean => pids.length > 0 && !pids.some((p) => oldPids.includes(p));
  while (!replaced() && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    pids = await serverPids(adb, serial, options);
  }
  const after = await boardReport(adb, serial, options);
  if (!replaced() || !after.rknnServer.running) {
    const what =
      pids.length === 0
        ? `rknn_server did not start within ${SERVER_WAIT_MS / 1000} s`
        : `the old rknn_server (PID ${pids.join(' ')}) is still running: the restart did not take`;
    throw new BoardError(
      `Board ${serial}: the runtime files were replaced, but ${what}`,
      restartHint(os),
      'command_failed',
      undefined,
      'board-probe',
    );
  }
  step(`rknn_server is running (PID ${pids.join(' ')}${oldPids.length ? `, was ${oldPids.join(' ')}` : ''})`);
  return { runtimeDir, steps, before, after };
}

async function serverPids(adb: AdbClient, serial: string, options: ReportOptions): Promise<string[]> {
  const r = await adb.shell(serial, 'pidof rknn_server', 'looking for the rknn_server process', options);
  return r.exitCode === 0 ? r.stdout.trim().split(/\s+/).filter(Boolean) : [];
}

function restartHint(os: 'linux' | 'android'): string {
  return os === 'android'
    ? 'This image may have no init service named rknn_server (setprop ctl.restart is then ignored): ' +
        '`adb reboot` so the board starts the new binary, then probe the board again.'
    : 'Run `/usr/bin/restart_rknn.sh` (or reboot) on the board, then probe the board again.';
}

function readOnlyHint(output: string, os: 'linux' | 'android'): string {
  if (/Read-only/i.test(output))
    return os === 'android'
      ? '/vendor is still read-only after `adb remount`; dm-verity keeps it so until it is disabled: ' +
          '`adb disable-verity`, `adb reboot`, then fix again.'
      : 'Remount the root file system read-write on the board (`mount -o remount,rw /`), then fix again.';
  return (
    'The adb shell on the board needs root to replace the runtime ' +
    '(Linux images: root by default; Android: `adb root`).'
  );
}
