import { useCallback, useEffect, useState } from 'react';
import type { BoardDevice } from '../../../../shared/contract/board-contract';
import { useApi } from '../../api/api-context';

/** Devices adb sees; refreshed on demand and live while the adb device tracker runs (board:watch). */
export function useBoards(): { devices: BoardDevice[] | null; adb: string; error: unknown; refresh(): void } {
  const api = useApi();
  const [devices, setDevices] = useState<BoardDevice[] | null>(null);
  const [adb, setAdb] = useState('');
  const [error, setError] = useState<unknown>(null);
  const refresh = useCallback(() => {
    api.board.list().then(
      (l) => {
        setDevices(l.devices);
        setAdb(`${l.adbPath} -P ${l.serverPort}`);
        setError(null);
      },
      (e: unknown) => setError(e),
    );
  }, [api]);
  useEffect(() => {
    refresh();
    const off = api.events.onBoardDevices((e) => setDevices(e.devices));
    api.board.watch({ enabled: true }).catch(() => undefined);
    return () => {
      off();
      api.board.watch({ enabled: false }).catch(() => undefined);
    };
  }, [api, refresh]);
  return { devices, adb, error, refresh };
}
