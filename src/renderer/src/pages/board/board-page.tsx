import { type FormEvent, useRef, useState } from 'react';
import type { ErrorAction } from '../../../../shared/contract';
import type { BoardReport } from '../../../../shared/contract/board-contract';
import { useApi } from '../../api/api-context';
import { errorMessage } from '../../api/error-message';
import { EmptyState } from '../../components/empty-state';
import { ErrorBanner } from '../../components/error-banner';
import { PageHeader } from '../../components/page-header';
import { BoardErrorAction } from './board-error-action';
import { BoardProblems } from './board-problems';
import { BoardReportView } from './board-report-view';
import { useBoards } from './use-boards';

const sameError = (a: unknown, b: unknown): boolean =>
  a !== null && a !== undefined && b !== null && b !== undefined && errorMessage(a).message === errorMessage(b).message;

const deviceStatusClass = (state: string) => `status status-${state === 'device' ? 'succeeded' : 'failed'}`;

/** Boards over adb: list and connect, probe one, see the doctor's problems and repair the runtime in one click. */
export function BoardPage(): React.JSX.Element {
  const api = useApi();
  const boards = useBoards();
  const [address, setAddress] = useState('');
  const [connectError, setConnectError] = useState<unknown>(null);
  const [connectMsg, setConnectMsg] = useState<{ text: string; ok: boolean } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [report, setReport] = useState<BoardReport | null>(null);
  const [steps, setSteps] = useState<string[] | null>(null);
  const [busy, setBusy] = useState<'probe' | 'fix' | null>(null);
  const [boardError, setBoardError] = useState<unknown>(null);
  /** The rknpu2/runtime folder to push from when Settings › vendorRuntimeDirs has none (asked after a failed fix). */
  const [runtimeDir, setRuntimeDir] = useState('');
  const addressInput = useRef<HTMLInputElement>(null);

  const connect = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setConnectError(null);
    setConnectMsg(null);
    try {
      const r = await api.board.connect({ address: address.trim() });
      setConnectMsg({ text: r.message, ok: r.connected });
      boards.refresh();
    } catch (err) {
      setConnectError(err);
    }
  };
  const disconnect = async (address: string): Promise<void> => {
    setConnectError(null);
    try {
      setConnectMsg({ text: (await api.board.disconnect({ address })).message, ok: true });
      boards.refresh();
    } catch (err) {
      setConnectError(err);
    }
  };
  const run = async (kind: 'probe' | 'fix', serial: string): Promise<void> => {
    setSelected(serial);
    setBusy(kind);
    setBoardError(null);
    if (kind === 'probe') setSteps(null);
    try {
      if (kind === 'probe') setReport(await api.board.probe({ serial }));
      else {
        const fixed = await api.board.fixRuntime({ serial, runtimeDir: runtimeDir.trim() || undefined });
        setSteps(fixed.steps);
        setReport(fixed.after);
      }
    } catch (err) {
      setBoardError(err);
    } finally {
      setBusy(null);
    }
  };

  /** The button for the step an error's fix names (core says it in words; the CLI prints its command). */
  const onAction = (action: ErrorAction): void => {
    if (action === 'board-connect') addressInput.current?.focus();
    else if (action === 'board-list') boards.refresh();
    else if (selected) void run(action === 'board-probe' ? 'probe' : 'fix', selected);
  };

  const adbLabel = boards.adb ? ` (${boards.adb})` : '';
  return (
    <div className="page board-page">
      <PageHeader title="Board" subtitle={`Devices adb sees${adbLabel}; the list updates when boards are plugged in.`}>
        <button type="button" onClick={boards.refresh}>
          Refresh
        </button>
      </PageHeader>
      <form className="connect-form" onSubmit={(e) => void connect(e)} aria-label="Connect a network board">
        <label className="filter grow">
          Network board (adb over TCP)
          <input
            ref={addressInput}
            value={address}
            onChange={(e) => setAddress(e.target.value)}
            placeholder="192.168.1.50:5555"
          />
        </label>
        <button type="submit" disabled={!address.trim()}>
          Connect
        </button>
        {connectMsg && (
          <span className={`small ${connectMsg.ok ? 'muted' : 'sev-bad'}`} role="status">
            {connectMsg.text}
          </span>
        )}
      </form>
      <ErrorBanner error={connectError} onDismiss={() => setConnectError(null)} />
      <BoardErrorAction error={connectError} onAction={onAction} />
      {/* One banner per error: the device list often fails with the very error the connect just showed. */}
      {!sameError(boards.error, connectError) && <ErrorBanner error={boards.error} />}
      {boards.devices && boards.devices.length === 0 && (
        <EmptyState title="No board connected">
          Plug an RK3588/RK3568/RV1106 board in over USB (enable USB debugging), or enter its address above. Boards
          appear here by themselves.
        </EmptyState>
      )}
      {boards.devices && boards.devices.length > 0 && (
        <ul className="device-list" aria-label="Devices">
          {boards.devices.map((d) => (
            <li key={d.serial} className={`device${selected === d.serial ? ' selected' : ''}`}>
              <div>
                <strong>{d.model ?? d.serial}</strong> <span className="muted small">{d.serial}</span>
                <div className="small">
                  <span className={deviceStatusClass(d.state)}>{d.state}</span> {d.usb ? `USB ${d.usb}` : 'network'}
                  {d.product ? ` · ${d.product}` : ''}
                </div>
                {d.state === 'unauthorized' && (
                  <div className="small">
                    Accept the “Allow USB debugging” prompt on the board’s screen, then press Refresh.
                  </div>
                )}
              </div>
              <div className="row-actions">
                <button
                  type="button"
                  disabled={d.state !== 'device' || busy !== null}
                  onClick={() => void run('probe', d.serial)}
                >
                  {busy === 'probe' && selected === d.serial ? 'Probing…' : 'Probe'}
                </button>
                {!d.usb && d.serial.includes(':') && (
                  <button type="button" onClick={() => void disconnect(d.serial)}>
                    Disconnect
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      <ErrorBanner error={boardError} onDismiss={() => setBoardError(null)} />
      <BoardErrorAction error={boardError} disabled={busy !== null} onAction={onAction} />
      {report && report.serial === selected && (
        <section className="board-detail" aria-label={`Board ${report.serial}`}>
          <BoardReportView report={report} />
          <div>
            <h2>Doctor</h2>
            <BoardProblems
              problems={report.problems}
              busy={busy === 'fix'}
              onFixRuntime={() => void run('fix', report.serial)}
            />
            {boardError !== null && busy === null && (
              <form
                className="connect-form"
                aria-label="Runtime folder"
                onSubmit={(e) => {
                  e.preventDefault();
                  void run('fix', report.serial);
                }}
              >
                <label className="filter grow">
                  rknn-toolkit2 runtime folder (rknpu2/runtime, holds rknn_server and librknnrt.so)
                  <input
                    className="mono"
                    value={runtimeDir}
                    onChange={(e) => setRuntimeDir(e.target.value)}
                    placeholder="~/rknn-toolkit2/rknpu2/runtime"
                  />
                </label>
                <button type="submit" className="primary" disabled={!runtimeDir.trim()}>
                  Fix runtime from this folder
                </button>
              </form>
            )}
            {steps && (
              <ol className="fix-steps" aria-label="What the fix did">
                {steps.map((s, i) => (
                  <li key={i}>{s}</li>
                ))}
              </ol>
            )}
          </div>
        </section>
      )}
    </div>
  );
}
