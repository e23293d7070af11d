/**
 * Opens the module's network links: TCP to a resolved address, then TLS with an SSL context when
 * asked (HTTPS, MQTTS). Failures are LinkErrors (dns, refused, timeout, tls, ...), which HTTP and
 * MQTT map to their own result codes.
 */
import { connect as tcpConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { LinkError, linkErrorOf } from './link-error.ts';
import type { Resolver } from './resolver.ts';
import type { SslContextConfig } from './ssl-contexts.ts';
import { moduleTls } from './tls-options.ts';
import type { Ufs } from './ufs.ts';

export interface LinkTarget {
  host: string;
  port: number;
  /** TLS with this context; undefined = plain TCP. */
  ssl: SslContextConfig | undefined;
  connectTimeoutMs: number;
}

export interface LinkDeps {
  resolver: Resolver;
  ufs: Ufs;
  signal: AbortSignal;
}

/** An open link: `stream` carries the protocol (TLS or plain), `raw` is the TCP socket under it. */
export interface ModuleLink {
  stream: Socket;
  raw: Socket;
}

export async function openLink(target: LinkTarget, deps: LinkDeps): Promise<ModuleLink> {
  const address = await deps.resolver.resolve(target.host);
  const raw = await connectTcp(address, target.port, target.connectTimeoutMs, deps.signal);
  raw.on('error', () => undefined); // errors also end in 'close', which the users watch
  if (!target.ssl) return { stream: raw, raw };
  try {
    const stream = await startTls(raw, target, deps);
    stream.on('error', () => undefined);
    return { stream, raw };
  } catch (error) {
    raw.destroy();
    throw linkErrorOf(error);
  }
}

/** Ends a link like a power cut: a TCP reset, no TLS close_notify, no MQTT DISCONNECT. */
export function cutLink(link: ModuleLink): void {
  if (!link.raw.destroyed) link.raw.resetAndDestroy();
  link.stream.destroy();
}

function connectTcp(address: string, port: number, timeoutMs: number, signal: AbortSignal): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host: address, port });
    const fail = (error: unknown) => {
      cleanup();
      socket.destroy();
      reject(linkErrorOf(error));
    };
    const timer = setTimeout(() => fail(new LinkError('timeout', `connect to ${address}:${port} timed out`)), timeoutMs);
    const onAbort = () => fail(new LinkError('closed', 'power lost'));
    const cleanup = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.off('error', fail);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('error', fail);
    socket.once('connect', () => {
      cleanup();
      resolve(socket);
    });
  });
}

async function startTls(socket: Socket, target: LinkTarget, deps: LinkDeps): Promise<TLSSocket> {
  const ssl = target.ssl as SslContextConfig;
  const tls = await moduleTls(ssl, deps.ufs);
  const servername = isIP(target.host) ? undefined : target.host;
  return new Promise((resolve, reject) => {
    const secure = tlsConnect({ ...tls.options, socket, ...(servername ? { servername } : {}) });
    const fail = (error: unknown) => {
      clearTimeout(timer);
      secure.destroy();
      reject(linkErrorOf(error));
    };
    const timer = setTimeout(() => fail(new LinkError('timeout', 'TLS negotiation timed out')), ssl.negotiatetime * 1000);
    secure.once('error', fail);
    secure.once('secureConnect', () => {
      clearTimeout(timer);
      secure.off('error', fail);
      const problem = tls.verify(secure);
      if (problem) return fail(new LinkError('tls', `server certificate rejected: ${problem}`));
      resolve(secure);
    });
  });
}
