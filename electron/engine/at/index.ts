/**
 * Public API of the AT engine.
 *
 *   const client = AtClient.attach(transport);            // transport already open
 *   client.redactor.add(mqttPassword);                    // K1: masked in every event and error
 *   client.onTraffic((event) => log(event));
 *   client.onUrc('+QMTSTAT', (line) => ...);
 *   await client.sync();                                  // AT until OK, through boot URCs
 *   const { lines } = await client.run('AT+CSQ');
 *   const { deferred } = await client.run('AT+QMTOPEN=0,"host",8883');   // waits for +QMTOPEN: 0,<r>
 *   await client.run({ command: 'AT+QFUPL="UFS:ca.pem",1704,10', payload: { data: pem, after: 'connect', secret: true } });
 *   await client.run({ command: 'AT+QMTPUB=0,1,1,0,"t"', payload: { data: json, after: 'prompt' } });
 *   const { data } = await client.run({ command: 'AT+QHTTPREAD=80', receive: { length } });
 *
 * Failures reject with AtTimeoutError / AtCommandError / AtClosedError / AtAbortedError /
 * AtProtocolError (all `instanceof AtError`, each with a `kind`).
 */
export { AtClient, type AtClientOptions, type SyncOptions, type WaitForUrcOptions } from './client.ts';
export { AtFramer, type FrameEvent, type FramerOptions, type DataExpectation } from './framer.ts';
export {
  AtError,
  AtTimeoutError,
  AtCommandError,
  AtClosedError,
  AtAbortedError,
  AtProtocolError,
  isAtError,
  type AtErrorKind,
  type AtPhase,
} from './errors.ts';
export { CME_CODES, describeCme, describeCms } from './cme-codes.ts';
export { qfuplChecksum, formatQfuplChecksum, parseQfuplChecksum } from './checksum.ts';
export { Redactor, REDACTED } from '../session/redaction.ts';
export {
  COMMAND_TABLE,
  BARE_URCS,
  MIN_RESULT_MS,
  MIN_DEFERRED_MS,
  type CommandSpec,
  type DeferredSpec,
  type DataModeKind,
} from './command-table.ts';
export { parseCommand, resolveCommand, splitArgs, type ParsedCommand, type ResolvedCommand } from './command-spec.ts';
export { parseFinal, type FinalResult } from './results.ts';
export { escapeBytes, type TrafficHandler } from './traffic.ts';
export type { TrafficEvent, AtRequest, AtResponse, UrcHandler } from './types.ts';
