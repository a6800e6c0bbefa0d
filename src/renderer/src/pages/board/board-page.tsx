import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { AppInfo, ErrorAction } from '../../../../shared/contract';
import type { BoardReport } from '../../../../shared/contract/board-contract';
import { useApi } from '../../api/api-context';
import { errorMessage } from '../../api/error-message';
import { EmptyState } from '../../components/empty-state';
import { ErrorBanner } from '../../components/error-banner';
import { PageHeader } from '../../components/page-header';
import { BoardErrorAction } from './board-error-action';
import { BoardProblems } from './board-problems';
import { BoardReportView } from './board-report-view';
import { DeviceCard } from './device-card';
import { RuntimeFolderPrompt } from './runtime-folder-prompt';
import { useBoards } from './use-boards';

const sameError = (a: unknown, b: unknown): boolean =>
  a !== null && a !== undefined && b !== null && b !== undefined && errorMessage(a).message === errorMessage(b).message;
/** The fix found no runtime folder (or the chosen one holds none): the folder prompt shows it instead of a banner. */
const isFolderError = (error: unknown): boolean =>
  error !== null && error !== undefined && errorMessage(error).field === 'runtimeDir';

/** Boards over adb: list and connect, probe one, see the doctor's problems and repair the runtime in one click. */
export function BoardPage(): React.JSX.Element {
  const api = useApi();
  const boards = useBoards();
  const [mode, setMode] = useState<AppInfo['mode'] | null>(null);
  const [address, setAddress] = useState('');
  const [connectError, setConnectError] = useState<unknown>(null);
  const [connectMsg, setConnectMsg] = useState<{ text: string; ok: boolean } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [report, setReport] = useState<BoardReport | null>(null);
  const [steps, setSteps] = useState<string[] | null>(null);
  const [busy, setBusy] = useState<'probe' | 'fix' | null>(null);
  const [boardError, setBoardError] = useState<unknown>(null);
  /** The fix found no runtime folder: ask for one until a fix works (the prompt keeps what was typed meanwhile). */
  const [askFolder, setAskFolder] = useState(false);
  const addressInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    api.app.info().then(
      (info) => setMode(info.mode),
      () => setMode('browser'),
    );
  }, [api]);

  const connect = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setConnectError(null);
    setConnectMsg(null);
    try {
      const r = await api.board.connect({ address: address.trim() });
      setConnectMsg({ text: r.message, ok: r.connected });
    } catch (err) {
      setConnectError(err);
    }
    // Main drops the offline entry a failed connect leaves in adb's list; the refresh shows the list without it.
    boards.refresh();
  };
  const disconnect = async (address: string): Promise<void> => {
    setConnectError(null);
    try {
      setConnectMsg({ text: (await api.board.disconnect({ address })).message, ok: true });
    } catch (err) {
      setConnectError(err);
    }
    boards.refresh();
  };
  const run = async (kind: 'probe' | 'fix', serial: string, runtimeDir?: string): Promise<void> => {
    setSelected(serial);
    setBusy(kind);
    setBoardError(null);
    if (kind === 'probe') {
      setSteps(null);
      setAskFolder(false);
    }
    try {
      if (kind === 'probe') setReport(await api.board.probe({ serial }));
      else {
        const fixed = await api.board.fixRuntime({ serial, runtimeDir });
        setSteps(fixed.steps);
        setReport(fixed.after);
        setAskFolder(false);
      }
    } catch (err) {
      setBoardError(err);
      if (isFolderError(err)) setAskFolder(true);
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

  const folderError = isFolderError(boardError);
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
      {/* One banner per error: the device list often fails with the very error the connect or probe just showed. */}
      {!sameError(boards.error, connectError) && !sameError(boards.error, boardError) && (
        <ErrorBanner error={boards.error} />
      )}
      {boards.devices && boards.devices.length === 0 && (
        <EmptyState title="No board connected">
          Plug an RK3588/RK3568/RV1106 board in over USB (enable USB debugging), or enter its address above. Boards
          appear here by themselves.
        </EmptyState>
      )}
      {boards.devices && boards.devices.length > 0 && (
        <ul className="device-list" aria-label="Devices">
          {boards.devices.map((d) => (
            <DeviceCard
              key={d.serial}
              device={d}
              selected={selected === d.serial}
              probing={busy === 'probe' && selected === d.serial}
              busy={busy !== null}
              onProbe={() => void run('probe', d.serial)}
              onDisconnect={() => void disconnect(d.serial)}
            />
          ))}
        </ul>
      )}
      {!folderError && <ErrorBanner error={boardError} onDismiss={() => setBoardError(null)} />}
      {!folderError && <BoardErrorAction error={boardError} disabled={busy !== null} onAction={onAction} />}
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
            {askFolder && (
              <RuntimeFolderPrompt
                mode={mode}
                error={folderError ? boardError : null}
                busy={busy !== null}
                onSubmit={(dir) => void run('fix', report.serial, dir)}
              />
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
