import { createContext, useContext } from 'react';
import type { WorkbenchApi } from '../../../shared/contract';

/** The contract client (Electron preload or HTTP transport), provided once at the root. */
export const ApiContext = createContext<WorkbenchApi | null>(null);

export function useApi(): WorkbenchApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi() used outside <ApiContext.Provider>');
  return api;
}
