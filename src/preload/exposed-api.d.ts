import type { WorkbenchApi } from '../shared/contract/api-types';

declare global {
  interface Window {
    /** Present in the Electron window (preload); absent in browser mode, where the HTTP client is used. */
    readonly api?: WorkbenchApi;
  }
}

export {};
