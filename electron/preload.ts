/**
 * The preload of the Fieldlink window (sandboxed, context-isolated): exposes the narrow
 * `window.fieldlink` API built in preload-api.ts and nothing else (E7).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './preload-api.ts';

contextBridge.exposeInMainWorld('fieldlink', createPreloadApi(ipcRenderer));
