import { stat } from 'node:fs/promises';
import { execa } from 'execa';
import type { BoardDevice } from '../../../shared/contract';
import type { AdbTarget } from './adb-locate';
import { BoardError, classifyAdbFailure } from './board-error';
import { parseDevicesLong } from './device-list';

export interface AdbCallOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ShellResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;
/**
 * Appended to every shell command: legacy (v1) shells lose exit codes, and a missing marker means the board went away
 * mid-command.
 */
const RC_MARKER = '__NPUWB_RC=';
const RC_PATTERN = new RegExp(`${RC_MARKER}(\\d+)\\r?\\n?$`);

/**
 * The adb client, always run with execa argument arrays against one server port (`adb -P`).
 * Every call has a timeout; adb's own failures become BoardErrors naming the board and the step.
 */
export class AdbClient {
  constructor(readonly target: AdbTarget) {}

  /** Runs `adb -P PORT …args`; throws on timeout, cancel, a missing binary or a device-level failure. */
  async run(args: string[], doing: string, serial?: string, options: AdbCallOptions = {}): Promise<ShellResult> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const result = await execa(
      this.target.adbPath,
      ['-P', String(this.target.port), ...(serial ? ['-s', serial] : []), ...args],
      {
        timeout: timeoutMs,
        cancelSignal: options.signal,
        forceKillAfterDelay: 2000,
        reject: false,
        stdin: 'ignore',
        encoding: 'utf8',
        stripFinalNewline: false,
      },
    );
    if (result.isCanceled)
      throw new BoardError(`Cancelled while ${doing}`, 'Start it again when ready.', 'command_failed');
    if (result.timedOut) {
      throw new BoardError(
        `${serial ? `Board ${serial}` : 'adb'} gave no answer within ${Math.round(timeoutMs / 1000)} s while ${doing}`,
        'The board may have hung, rebooted or lost its cable/network link; ' + 'check it, then list the boards again.',
        'timeout',
        undefined,
        'board-list',
      );
    }
    if ((result as { code?: string }).code === 'ENOENT')
      throw new BoardError(
        `adb could not be started: ${this.target.adbPath} does not exist`,
        'Set Settings › adbPath to the adb binary.',
        'adb_server',
      );
    const stdout = String(result.stdout ?? '');
    const stderr = String(result.stderr ?? '');
    const classified = classifyAdbFailure(
      `${stderr}\n${result.exitCode === 0 ? '' : stdout}`,
      serial,
      doing,
      this.target.port,
    );
    if (classified) throw classified;
    return { stdout, stderr, exitCode: result.exitCode ?? 1 };
  }

  async devices(options?: AdbCallOptions): Promise<BoardDevice[]> {
    const { stdout, stderr, exitCode } = await this.run(['devices', '-l'], 'listing devices', undefined, options);
    if (exitCode !== 0)
      throw new BoardError(
        `adb devices failed: ${stderr.trim() || stdout.trim()}`,
        'Check that the adb server can start on the configured port.',
        'adb_server',
      );
    return parseDevicesLong(stdout);
  }

  /** `adb connect HOST[:PORT]`; adb prints the outcome as text and exits 0 either way. */
  async connect(address: string, options?: AdbCallOptions): Promise<{ connected: boolean; message: string }> {
    const { stdout, stderr } = await this.run(['connect', address], `connecting to ${address}`, undefined, {
      timeoutMs: 20_000,
      ...options,
    });
    const message = (stdout.trim() || stderr.trim()).split('\n').pop() ?? '';
    return { connected: /^(already )?connected to /.test(message), message };
  }

  async disconnect(address: string, options?: AdbCallOptions): Promise<string> {
    const { stdout, stderr } = await this.run(['disconnect', address], `disconnecting ${address}`, undefined, options);
    return (stdout.trim() || stderr.trim()).split('\n').pop() ?? '';
  }

  /**
   * Runs one command line in the board's shell. The caller quotes every value (shJoin). The exit code
   * comes from a marker line, so it is right on legacy shells too, and a board that vanishes mid-command
   * (no marker) is reported as gone instead of returning half an answer.
   */
  async shell(serial: string, command: string, doing: string, options?: AdbCallOptions): Promise<ShellResult> {
    const { stdout, stderr } = await this.run(['shell', `${command}\necho "${RC_MARKER}$?"`], doing, serial, options);
    const marker = RC_PATTERN.exec(stdout);
    if (!marker) {
      throw new BoardError(
        `Board ${serial} stopped answering while ${doing} (the adb connection closed before the command finished)`,
        'The board was unplugged, rebooted or lost its network link. Reconnect it, then retry.',
        'gone',
      );
    }
    return { stdout: stdout.slice(0, marker.index), stderr, exitCode: Number(marker[1]) };
  }

  /** `adb push` with a timeout that grows with the file (USB 2 moves a few MB/s at worst). */
  async push(
    serial: string,
    localPath: string,
    remotePath: string,
    options: AdbCallOptions = {},
  ): Promise<{ bytes: number; seconds: number }> {
    const bytes = (await stat(localPath)).size;
    const started = performance.now();
    const doing = `pushing ${localPath} to ${remotePath}`;
    const { stdout, stderr, exitCode } = await this.run(['push', localPath, remotePath], doing, serial, {
      timeoutMs: options.timeoutMs ?? Math.round(30_000 + bytes / 1000),
      signal: options.signal,
    });
    if (exitCode !== 0) {
      const said = `${stderr}\n${stdout}`.trim();
      if (/Read-only file system/i.test(said))
        throw new BoardError(
          `Board ${serial}: ${remotePath} is on a read-only file system`,
          'On Android run `adb root` and `adb remount` (userdebug builds) first; ' +
            'on Linux remount the partition read-write.',
          'read_only',
        );
      if (/couldn't read from device|connection reset|protocol fault|device .* not found|failed to copy/i.test(said)) {
        throw new BoardError(
          `Board ${serial} disconnected while ${doing} (${bytes} bytes): ` +
            said.split('\n')[0].replace(/^adb: error: /, ''),
          'Check the cable or network link and that the board did not reboot, then retry; ' +
            'a partial file may be left on the board.',
          'gone',
        );
      }
      throw new BoardError(
        `Push to board ${serial} failed: ${said.split('\n')[0]}`,
        'Check the target folder exists and is writable.',
        'command_failed',
      );
    }
    return { bytes, seconds: (performance.now() - started) / 1000 };
  }
}
