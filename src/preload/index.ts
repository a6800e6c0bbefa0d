import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildApi, eventNames, invokeChannels, isContractErrorBody } from '../shared/contract';

/**
 * Exposes `window.api`: one function per contract entry, built from the contract's channel list.
 * No generic invoke(channel) reaches the page; main re-validates every payload.
 */
const api = buildApi(
  {
    invoke: async (channel, input) => {
      const reply = (await ipcRenderer.invoke(channel, input)) as
        { ok: true; result: unknown } | { ok: false; error: unknown };
      if (reply.ok) return reply.result;
      const body = reply.error;
      const error = new Error(isContractErrorBody(body) ? body.message : 'The workbench failed to answer');
      if (isContractErrorBody(body))
        Object.assign(error, { code: body.code, hint: body.hint, field: body.field, action: body.action });
      throw error;
    },
    subscribe: (event, listener) => {
      const handler = (_e: IpcRendererEvent, payload: unknown): void => listener(payload);
      ipcRenderer.on(event, handler);
      return () => ipcRenderer.off(event, handler);
    },
  },
  invokeChannels,
  eventNames,
);

contextBridge.exposeInMainWorld('api', api);
