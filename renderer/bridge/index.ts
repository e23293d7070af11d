/**
 * The renderer's one way to reach the back end. In the desktop app that is the preload's
 * `window.fieldlink`; in a browser (web mode) it is the WebSocket bridge, authenticated with the
 * token from the page URL (`?token=`), which is then moved out of the address bar into
 * sessionStorage so a reload still works and a shared screenshot does not show it.
 *
 *   const api = getFieldlinkApi();
 *   const ports = await api.listPorts({});
 */
import { WS_BRIDGE_PATH, WS_TOKEN_PARAM } from '../../shared/ipc.ts';
import type { FieldlinkApi } from '../../shared/ipc.ts';
import { isFieldlinkBridge, validatedApi } from './validated-api.ts';
import { createWsClient } from './ws-client.ts';

export { createWsClient } from './ws-client.ts';
export type { WsClientOptions, WsFieldlinkClient, WebSocketLike, WebSocketFactory } from './ws-client.ts';
export { validatedApi } from './validated-api.ts';

const TOKEN_STORAGE_KEY = 'fieldlink.token';
let current: FieldlinkApi | undefined;

export function getFieldlinkApi(): FieldlinkApi {
  current ??= createApi();
  return current;
}

/** Replaces the API (tests, storybook-like previews); `undefined` restores the default. */
export function setFieldlinkApi(api: FieldlinkApi | undefined): void {
  current = api;
}

/** True in the desktop app (preload present), false in web mode. */
export function isDesktop(): boolean {
  return isFieldlinkBridge((globalThis as { fieldlink?: unknown }).fieldlink);
}

function createApi(): FieldlinkApi {
  const bridge = (globalThis as { fieldlink?: unknown }).fieldlink;
  if (isFieldlinkBridge(bridge)) return validatedApi(bridge);
  return createWsClient({ url: bridgeUrl(window.location, takeToken()) });
}

export function bridgeUrl(location: Pick<Location, 'protocol' | 'host'>, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${WS_BRIDGE_PATH}?${WS_TOKEN_PARAM}=${encodeURIComponent(token)}`;
}

/** The token from the URL (moved to sessionStorage), or the one stored by an earlier load. */
function takeToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get(WS_TOKEN_PARAM);
  if (fromUrl) {
    window.sessionStorage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    url.searchParams.delete(WS_TOKEN_PARAM);
    window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
    return fromUrl;
  }
  return window.sessionStorage.getItem(TOKEN_STORAGE_KEY) ?? '';
}
