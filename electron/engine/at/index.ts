/** Public API of the AT engine. */
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
export { Redactor, REDACTED } from './redactor.ts';
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
export { escapeBytes } from './traffic.ts';
export type { TrafficEvent, AtRequest, AtResponse, UrcHandler } from './types.ts';
