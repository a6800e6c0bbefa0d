import type { ErrorAction } from '../../../shared/contract';
import { UserError } from '../errors/user-error';

export type BoardErrorReason =
  | 'not_connected'
  | 'gone'
  | 'unauthorized'
  | 'offline'
  | 'no_device'
  | 'ambiguous'
  | 'timeout'
  | 'adb_server'
  | 'command_failed'
  | 'read_only'
  | 'not_rootable';

/** A board that cannot be reached or did not answer: the message says which board and what was being done. */
export class BoardError extends UserError {
  constructor(
    message: string,
    hint: string,
    readonly reason: BoardErrorReason,
    field?: string,
    action?: ErrorAction,
  ) {
    super(message, hint, reason === 'no_device' || reason === 'not_connected' ? 'not_found' : 'failed', field, action);
    this.name = 'BoardError';
  }
}

const LIST_HINT = 'Check the cable or network, then list the boards again.';
export const OFFLINE_HINT = 'Replug the cable or reboot the board; connect a network board again by its address.';
export const NO_BOARD_HINT = 'Plug the board in over USB (OTG port) or connect a network board by its address.';

/**
 * Turns what the adb client printed into a clear error, or null when the text is not an adb-level
 * failure. `serial` and `doing` say which board and which step, e.g. "reading the NPU driver version".
 */
export function classifyAdbFailure(
  stderr: string,
  serial: string | undefined,
  doing: string,
  port: number,
): BoardError | null {
  const board = serial ? `Board ${serial}` : 'The board';
  const notFound = /device '([^']*)' not found/.exec(stderr);
  if (notFound)
    return new BoardError(
      `${board} is not connected (adb: device '${notFound[1]}' not found) while ${doing}`,
      LIST_HINT,
      'not_connected',
      undefined,
      'board-list',
    );
  if (/device unauthorized/.test(stderr))
    return new BoardError(
      `${board} is unauthorized: it has not accepted this computer's adb key`,
      "Accept the 'Allow USB debugging?' prompt on the board's screen " +
        "(or add ~/.android/adbkey.pub to the board's /data/misc/adb/adb_keys), then try again.",
      'unauthorized',
    );
  if (/device offline/.test(stderr))
    return new BoardError(
      `${board} is offline (adb sees it but its adbd does not answer)`,
      OFFLINE_HINT,
      'offline',
      undefined,
      'board-connect',
    );
  if (/no devices\/emulators found/.test(stderr))
    return new BoardError('No board is connected', NO_BOARD_HINT, 'no_device', undefined, 'board-connect');
  if (/more than one device/.test(stderr))
    return new BoardError(
      'More than one board is connected',
      'Choose the board by its serial (the board list shows each one).',
      'ambiguous',
      'serial',
    );
  const mismatch = /adb server version \((\d+)\) doesn't match this client \((\d+)\)/.exec(stderr);
  if (mismatch)
    return new BoardError(
      `Another adb (server version ${mismatch[1]}) owns port ${port}; this client is version ${mismatch[2]}`,
      'Use one adb for everything: point Settings › adbPath at the same adb the other tools use, ' +
        'or give the workbench its own port (Settings › adbServerPort).',
      'adb_server',
    );
  if (/cannot connect to daemon|failed to start daemon|could not install \*smartsocket\* listener/.test(stderr))
    return new BoardError(
      `The adb server on port ${port} could not be reached or started`,
      'Free the port or choose another one (Settings › adbServerPort), then retry. ' +
        `adb said: ${stderr.trim().split('\n').pop()}`,
      'adb_server',
    );
  return null;
}
