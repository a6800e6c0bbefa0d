import type { AdbCallOptions, AdbClient } from './adb-client';
import { BoardError } from './board-error';
import { pickDevice } from './board-probe';

const ROOT_TIMEOUT_MS = 30_000;
const REMOUNT_TIMEOUT_MS = 60_000;
const BACK_TIMEOUT_MS = 20_000;
const POLL_MS = 250;

const said = (r: { stdout: string; stderr: string }): string => `${r.stdout}\n${r.stderr}`.trim();
const lastLine = (text: string): string => text.split('\n').filter(Boolean).pop() ?? '(no output)';

/**
 * `adb root`: asks adbd to restart as root. The adb client exits 0 whatever adbd answers, so the
 * answer text decides; a production (user) build refuses, which no retry can change.
 */
export async function adbRoot(
  adb: AdbClient,
  serial: string,
  options: AdbCallOptions = {},
): Promise<'restarted' | 'already'> {
  const answer = said(
    await adb.run(['root'], 'restarting adbd as root (adb root)', serial, { timeoutMs: ROOT_TIMEOUT_MS, ...options }),
  );
  if (/already running as root/i.test(answer)) return 'already';
  if (/restarting adbd as root/i.test(answer)) return 'restarted';
  if (/cannot run as root in production builds/i.test(answer))
    throw new BoardError(
      `Board ${serial} runs a production (user) Android build: ` +
        '"adbd cannot run as root in production builds", so the runtime under /vendor cannot be replaced over adb',
      'Flash a userdebug/eng firmware (Rockchip SDK images are userdebug), or on a rooted image copy rknn_server ' +
        'to /vendor/bin and librknnrt.so to /vendor/lib64 by hand with su; then probe again.',
      'not_rootable',
    );
  throw new BoardError(
    `Board ${serial}: adb root failed: ${lastLine(answer)}`,
    'Check that USB debugging is on and the build allows root (userdebug), then fix again.',
    'command_failed',
  );
}

/** After adbd restarts the board drops off the bus; waits until adb lists it as `device` again. */
export async function waitForBoard(
  adb: AdbClient,
  serial: string,
  options: AdbCallOptions = {},
  timeoutMs = BACK_TIMEOUT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await pickDevice(adb, serial, options).catch(() => null);
    if (found?.state === 'device') return;
    if (Date.now() > deadline)
      throw new BoardError(
        `Board ${serial} did not come back within ${timeoutMs / 1000} s after adbd restarted as root`,
        'Replug the board (a network board: connect it again by its address), then fix again.',
        'gone',
        undefined,
        'board-connect',
      );
    options.signal?.throwIfAborted();
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/**
 * `adb remount`: /system and /vendor read-write (needs root). Older adbd answers as text with exit 0,
 * newer ones run `remount` in a shell with an exit code; both are read here.
 */
export async function adbRemount(adb: AdbClient, serial: string, options: AdbCallOptions = {}): Promise<void> {
  const result = await adb.run(['remount'], 'remounting /system and /vendor read-write (adb remount)', serial, {
    timeoutMs: REMOUNT_TIMEOUT_MS,
    ...options,
  });
  const answer = said(result);
  if (result.exitCode === 0 && /remount succeeded/i.test(answer) && !/reboot/i.test(answer)) return;
  if (/Not running as root/i.test(answer))
    throw new BoardError(
      `Board ${serial}: adb remount refused: adbd is not running as root`,
      'Run `adb root` first (userdebug builds), then fix again.',
      'read_only',
    );
  if (/verity/i.test(answer) || /reboot/i.test(answer))
    throw new BoardError(
      `Board ${serial}: adb remount failed: ` +
        (/verity/i.test(answer)
          ? 'dm-verity protects /system and /vendor'
          : 'the board must reboot before /vendor is writable') +
        ` (${lastLine(answer)})`,
      'Run `adb -s SERIAL disable-verity`, then `adb -s SERIAL reboot`, wait for the board, and fix again.'.replaceAll(
        'SERIAL',
        serial,
      ),
      'read_only',
    );
  throw new BoardError(
    `Board ${serial}: adb remount failed: ${lastLine(answer)}`,
    'Check the board log (`adb logcat`, `dmesg`) for why /vendor cannot be remounted read-write, then fix again.',
    'read_only',
  );
}

/** Root + remount, so pushes to /vendor can succeed: the steps fix-runtime takes on an Android board. */
export async function makeVendorWritable(
  adb: AdbClient,
  serial: string,
  options: AdbCallOptions,
  step: (text: string) => void,
): Promise<void> {
  if ((await adbRoot(adb, serial, options)) === 'restarted') {
    await waitForBoard(adb, serial, options);
    step('adb root: adbd restarted as root');
  } else step('adb root: adbd already runs as root');
  await adbRemount(adb, serial, options);
  step('adb remount: /system and /vendor are read-write');
}
