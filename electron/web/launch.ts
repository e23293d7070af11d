/**
 * Everything `fieldlink web` starts, in one place: the back end, the web server, and an orderly
 * stop. (No credential is stored, so there is no secret store and no plain-text warning: K3.)
 */
import { homedir } from 'node:os';
import path from 'node:path';
import { createBackend } from '../app/backend.ts';
import type { Backend, BackendOptions } from '../app/backend.ts';
import { startWebServer } from './server.ts';
import type { WebServer } from './server.ts';

export const DEFAULT_WEB_DATA_DIR = path.join(homedir(), '.fieldlink');

export interface WebLaunchOptions {
  dataDir?: string;
  rendererDir: string;
  port?: number;
  log?: (message: string) => void;
  /** Extra back-end options (tests inject engines and listers). */
  backend?: Partial<BackendOptions>;
}

export interface WebLaunch {
  backend: Backend;
  server: WebServer;
  /** Cancels runs cleanly, then closes the server and the demo cloud. */
  stop(): Promise<void>;
}

export async function launchWeb(options: WebLaunchOptions): Promise<WebLaunch> {
  const dataDir = path.resolve(options.dataDir ?? DEFAULT_WEB_DATA_DIR);
  const backend = createBackend({
    dataDir,
    demo: { cloud: { dataDir: path.join(dataDir, 'demo-cloud') } },
    ...(options.log ? { log: options.log } : {}),
    ...options.backend,
  });
  let server: WebServer;
  try {
    server = await startWebServer({ backend, rendererDir: options.rendererDir, ...(options.port === undefined ? {} : { port: options.port }) });
  } catch (error) {
    await backend.dispose();
    throw error;
  }
  return {
    backend,
    server,
    stop: async () => {
      await backend.cancelAllRuns();
      await server.close();
      await backend.dispose();
    },
  };
}
