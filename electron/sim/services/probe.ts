/**
 * What the virtual module does on the network for AT+QIDNSGIP and AT+QPING
 * (docs/uncertain-behaviour.md#qping-emulation). DNS is real (node:dns: the device's hosts
 * table, then the system resolver with TTLs). ICMP echo needs raw sockets, which an unprivileged
 * process does not have, so one "echo" is a TCP connection attempt to port 80 of the target:
 * an accepted or refused connection both prove the host answered (its round trip is the reply
 * time), no answer within the timeout is a lost echo.
 */
import { promises as dns } from 'node:dns';
import { isIP, Socket } from 'node:net';
import type { Resolver } from './resolver.ts';

export interface DnsAnswer {
  addresses: string[];
  ttl: number;
}

/** TTL the module reports for names it did not learn from a DNS server (hosts table, literals). */
const LOCAL_TTL = 0;

/** All IPv4 addresses of `host`; throws when the name does not resolve. */
export async function resolveAll(resolver: Resolver, host: string): Promise<DnsAnswer> {
  if (isIP(host)) return { addresses: [host], ttl: LOCAL_TTL };
  try {
    const records = await dns.resolve4(host, { ttl: true });
    if (records.length > 0) return { addresses: records.map((r) => r.address), ttl: Math.min(...records.map((r) => r.ttl)) };
  } catch {
    // not known to the DNS servers (or none reachable): the hosts table and the system resolver next
  }
  const single = await resolver.resolve(host);
  const all = await dns.lookup(host, { family: 4, all: true }).catch(() => [{ address: single }]);
  const addresses = [single, ...all.map((entry) => entry.address).filter((address) => address !== single)];
  return { addresses, ttl: LOCAL_TTL };
}

export const ECHO_PORT = 80;

/** One echo: round-trip ms, or undefined when nothing answered within `timeoutMs`. */
export function echo(address: string, timeoutMs: number, signal: AbortSignal): Promise<number | undefined> {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const socket = new Socket();
    const done = (answered: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(answered ? Math.max(1, Math.round(Number(process.hrtime.bigint() - started) / 1e6)) : undefined);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(false), timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => done(true));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code === 'ECONNREFUSED' || error.code === 'ECONNRESET'));
    socket.connect(ECHO_PORT, address);
  });
}
