import {
  buildApi,
  type ContractTransport,
  type ErrorAction,
  eventNames,
  invokeChannels,
  isContractErrorBody,
  type WorkbenchApi,
} from '../../../shared/contract';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly hint?: string,
    readonly action?: ErrorAction,
    readonly field?: string,
  ) {
    super(message);
  }
}

/**
 * Browser mode: the same contract over POST /api/invoke/<channel> and one WebSocket for events.
 * The token comes from the URL `npu-workbench serve` printed (kept in sessionStorage, then dropped from the address
 * bar).
 */
export function createHttpApi(token: string, origin = window.location.origin): WorkbenchApi {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let socket: WebSocket | null = null;
  let retry = 500;
  const connect = (): void => {
    socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/api/events?token=${encodeURIComponent(token)}`);
    socket.onmessage = (msg) => {
      const { event, payload } = JSON.parse(String(msg.data)) as { event: string; payload: unknown };
      listeners.get(event)?.forEach((l) => l(payload));
    };
    socket.onopen = () => (retry = 500);
    socket.onclose = () => {
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10_000);
    };
  };
  connect();
  const transport: ContractTransport = {
    async invoke(channel, input) {
      const res = await fetch(`${origin}/api/invoke/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ input: input ?? null }),
      });
      const body = (await res.json().catch(() => null)) as unknown;
      if (res.ok) return (body as { result: unknown }).result;
      if (isContractErrorBody(body)) throw new ApiError(body.message, body.code, body.hint, body.action, body.field);
      throw new ApiError(`The workbench server answered ${res.status}`, 'failed');
    },
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
  return buildApi(transport, invokeChannels, eventNames);
}

/** The preload's api in Electron; the HTTP client in browser mode. */
export function resolveApi(): WorkbenchApi {
  if (window.api) return window.api;
  const params = new URLSearchParams(window.location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    sessionStorage.setItem('npu-wb-token', fromUrl);
    params.delete('token');
    const rest = params.toString();
    window.history.replaceState(
      null,
      '',
      `${window.location.pathname}${rest ? `?${rest}` : ''}${window.location.hash}`,
    );
  }
  const token = fromUrl ?? sessionStorage.getItem('npu-wb-token');
  if (!token) throw new ApiError('No access token: open the exact URL that `npu-workbench serve` printed.', 'failed');
  return createHttpApi(token);
}
