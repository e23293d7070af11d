/**
 * The module's DNS: IP literals as they are, names from the device's `hosts` table first
 * (demo names → 127.0.0.1), `localhost`, then the system resolver.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { LinkError } from './link-error.ts';

export class Resolver {
  constructor(private readonly hosts: Readonly<Record<string, string>>) {}

  async resolve(host: string): Promise<string> {
    if (isIP(host)) return host;
    const mapped = this.hosts[host.toLowerCase()] ?? this.hosts[host];
    if (mapped) return mapped;
    if (host.toLowerCase() === 'localhost') return '127.0.0.1';
    try {
      return (await lookup(host, { family: 4 })).address;
    } catch (error) {
      throw new LinkError('dns', `cannot resolve ${host}`, { cause: error });
    }
  }
}
