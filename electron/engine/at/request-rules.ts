/** Request checks and late-answer recognition used by AtClient. */
import { isBareUrc, type ResolvedCommand } from './command-spec.ts';
import type { Exchange } from './exchange.ts';
import { parseFinal } from './results.ts';
import type { AtRequest } from './types.ts';

/** Would this line have been part of the (timed-out) exchange's answer? */
export function isAnswerOf(exchange: Exchange, text: string): boolean {
  const line = text.trim();
  if (parseFinal(line)) return true;
  if (line.toUpperCase() === exchange.command.trim().toUpperCase()) return true;
  return exchange.spec.isInfo(line) && (line.startsWith('+') || !isBareUrc(line));
}

export function validateRequest(request: AtRequest, spec: ResolvedCommand): void {
  if (typeof request.command !== 'string' || !/^AT/i.test(request.command.trim())) {
    throw new TypeError(`AtRequest.command must start with AT, got ${JSON.stringify(request.command)}`);
  }
  if (/[\r\n]/.test(request.command)) throw new TypeError('AtRequest.command must not contain CR or LF (the engine adds CR)');
  if (request.payload && request.receive) throw new TypeError('AtRequest: payload and receive cannot be combined');
  if (spec.data === 'download-connect' && !request.receive) request.receive = {};
  if ((spec.data === 'upload-connect' || spec.data === 'prompt') && !request.payload) {
    throw new TypeError(`AtRequest.payload is required for ${spec.name} (${spec.data})`);
  }
}
