import type { BoardDevice } from '../../../../shared/contract/board-contract';

const statusClass = (state: string): string => `status status-${state === 'device' ? 'succeeded' : 'failed'}`;
/** A board adb reaches over the network (`HOST:PORT`), which `adb disconnect` removes. */
export const isNetworkBoard = (d: BoardDevice): boolean => !d.usb && d.serial.includes(':');

/** What to do about a board that is listed but cannot be used, in the user's words. */
function stateAdvice(d: BoardDevice): string | null {
  if (d.state === 'unauthorized')
    return 'Accept the “Allow USB debugging” prompt on the board’s screen, then press Refresh.';
  if (d.state === 'offline')
    return isNetworkBoard(d)
      ? 'adb still lists this address, but the board does not answer (unreachable, or its adbd never finished the ' +
          'handshake). Disconnect removes it; connect again once the board is up.'
      : 'adb sees the board but its adbd does not answer: replug the cable or reboot the board.';
  return null;
}

/** One board in the device list: its state, what to do when it is not usable, Probe and (network) Disconnect. */
export function DeviceCard(props: {
  device: BoardDevice;
  selected: boolean;
  probing: boolean;
  busy: boolean;
  onProbe(): void;
  onDisconnect(): void;
}): React.JSX.Element {
  const d = props.device;
  const advice = stateAdvice(d);
  return (
    <li className={`device${props.selected ? ' selected' : ''}`}>
      <div>
        <strong>{d.model ?? d.serial}</strong> <span className="muted small">{d.serial}</span>
        <div className="small">
          <span className={statusClass(d.state)}>{d.state}</span> {d.usb ? `USB ${d.usb}` : 'network'}
          {d.product ? ` · ${d.product}` : ''}
        </div>
        {advice && <div className="small">{advice}</div>}
      </div>
      <div className="row-actions">
        <button type="button" disabled={d.state !== 'device' || props.busy} onClick={props.onProbe}>
          {props.probing ? 'Probing…' : 'Probe'}
        </button>
        {isNetworkBoard(d) && (
          <button type="button" onClick={props.onDisconnect}>
            Disconnect
          </button>
        )}
      </div>
    </li>
  );
}
