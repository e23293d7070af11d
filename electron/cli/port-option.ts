import { InvalidArgumentError } from 'commander';

/** Commander parser for a TCP port to listen on: 0..65535, 0 = any free port. */
export function parseListenPort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new InvalidArgumentError('a port number 0..65535 (0 = any free port)');
  return port;
}
