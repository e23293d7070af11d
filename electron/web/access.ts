/**
 * Who may talk to the web-mode server. It listens on 127.0.0.1 only, but any web page the user
 * opens could still reach it, so: the Host header must name our address (DNS rebinding), the
 * WebSocket needs the per-launch token, and a browser's Origin must be our own page.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { WS_BRIDGE_PATH, WS_TOKEN_PARAM } from '../../shared/ipc.ts';

export const LOOPBACK_HOST = '127.0.0.1';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The origins our own page is served from (http://127.0.0.1:<port>, http://localhost:<port>). */
export function allowedOrigins(port: number): string[] {
  return [`http://${LOOPBACK_HOST}:${port}`, `http://localhost:${port}`];
}

export function hostAllowed(req: Pick<IncomingMessage, 'headers'>, port: number): boolean {
  const host = req.headers.host?.toLowerCase();
  return host === `${LOOPBACK_HOST}:${port}` || host === `localhost:${port}`;
}

export type UpgradeVerdict = { ok: true } | { ok: false; status: 400 | 401 | 403 | 404; reason: string };

/** Decides a WebSocket upgrade: path, Host, token, then Origin (absent for non-browser clients). */
export function checkUpgrade(req: Pick<IncomingMessage, 'headers' | 'url'>, port: number, token: string): UpgradeVerdict {
  const url = new URL(req.url ?? '/', `http://${LOOPBACK_HOST}:${port}`);
  if (url.pathname !== WS_BRIDGE_PATH) return { ok: false, status: 404, reason: 'no such endpoint' };
  if (!hostAllowed(req, port)) return { ok: false, status: 403, reason: 'unexpected Host header' };
  if (!tokenMatches(url.searchParams.get(WS_TOKEN_PARAM), token)) return { ok: false, status: 401, reason: 'missing or wrong token' };
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedOrigins(port).includes(origin)) return { ok: false, status: 403, reason: `origin ${origin} is not allowed` };
  return { ok: true };
}

export function tokenMatches(given: string | null | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
