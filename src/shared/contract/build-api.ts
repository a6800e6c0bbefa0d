import type { EventApi, InvokeApi, Unsubscribe, WorkbenchApi } from './api-types';
import { eventMethodName, splitChannel } from './api-types';
import type { EventName } from './event-contract';
import type { InvokeChannel } from './invoke-contract';

export interface ContractTransport {
  invoke(channel: InvokeChannel, input: unknown): Promise<unknown>;
  subscribe(event: EventName, listener: (payload: unknown) => void): Unsubscribe;
}

/**
 * Builds the namespaced API object, one function per contract entry, over any transport
 * (Electron IPC in preload, HTTP + WebSocket in browser mode). Only listed channels exist on it.
 */
export function buildApi(
  transport: ContractTransport,
  channels: readonly InvokeChannel[],
  events: readonly EventName[],
): WorkbenchApi {
  const api: Record<string, Record<string, unknown>> = { events: {} };
  for (const channel of channels) {
    const { domain, verb } = splitChannel(channel);
    api[domain] ??= {};
    api[domain][verb] = (input?: unknown) => transport.invoke(channel, input);
  }
  for (const event of events) {
    api.events[eventMethodName(event)] = (listener: (payload: unknown) => void) => transport.subscribe(event, listener);
  }
  return api as unknown as InvokeApi & { events: EventApi };
}
