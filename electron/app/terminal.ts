/**
 * The AT terminal of the UI for ports no run is using: one AtClient per port, opened on the first
 * command and closed after a quiet minute, or at once when a run wants the port. Each command and
 * its answer are also published as `terminal` events; URCs arrive live between commands.
 */
import type { IpcEvent, IpcResponse } from '../../shared/ipc.ts';
import { AtClient } from '../engine/at/client.ts';
import { AtError } from '../engine/at/errors.ts';
import type { AtResponse } from '../engine/at/types.ts';
import type { Transport } from '../engine/transport/types.ts';
import { Redactor } from '../engine/session/redaction.ts';
import { AppError } from './errors.ts';
import { terminalCommandProblem } from './terminal-command.ts';

export const TERMINAL_IDLE_MS = 60_000;
const SYNC = { attempts: 3, intervalMs: 1000 } as const;

export type SendAtResult = IpcResponse<'sendAt'>;
type TerminalEvent = Extract<IpcEvent, { channel: 'terminal' }>;

export interface TerminalOptions {
  emit: (event: IpcEvent) => void;
  openPort: (uri: string) => Promise<Transport>;
  idleMs?: number;
}

interface Session {
  transport: Transport;
  client: AtClient;
  idle: NodeJS.Timeout | undefined;
}

export class TerminalSessions {
  readonly #sessions = new Map<string, Promise<Session>>();

  constructor(private readonly options: TerminalOptions) {}

  /** Ports the terminal holds open right now. */
  ports(): string[] {
    return [...this.#sessions.keys()];
  }

  async send(port: string, command: string): Promise<SendAtResult> {
    const session = await this.#session(port);
    clearTimeout(session.idle);
    try {
      return await runAndPublish(port, command, (c) => session.client.run(c), this.options.emit);
    } finally {
      session.idle = setTimeout(() => void this.release(port), this.options.idleMs ?? TERMINAL_IDLE_MS);
      session.idle.unref();
    }
  }

  /** Closes the terminal's session on `port`, if any (a run is about to open it). */
  async release(port: string): Promise<void> {
    const pending = this.#sessions.get(port);
    if (!pending) return;
    this.#sessions.delete(port);
    const session = await pending.catch(() => undefined);
    if (!session) return;
    clearTimeout(session.idle);
    session.client.dispose();
    await session.transport.close().catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.ports().map((port) => this.release(port)));
  }

  #session(port: string): Promise<Session> {
    let pending = this.#sessions.get(port);
    if (!pending) {
      pending = this.#open(port);
      this.#sessions.set(port, pending);
      pending.catch(() => this.#sessions.delete(port));
    }
    return pending;
  }

  async #open(port: string): Promise<Session> {
    const transport = await this.options.openPort(port);
    const client = AtClient.attach(transport);
    client.onTraffic((event) => {
      if (event.kind === 'line' && event.role === 'urc') this.options.emit(terminalEvent(port, 'urc', event.text));
    });
    transport.onClose((error) => {
      if (error) this.options.emit(terminalEvent(port, 'error', error.message));
      void this.release(port);
    });
    try {
      await client.sync(SYNC);
    } catch (error) {
      client.dispose();
      await transport.close().catch(() => undefined);
      throw new AppError('port', `${port}: the device does not answer AT (${(error as Error).message})`, { cause: error });
    }
    return { transport, client, idle: undefined };
  }
}

/**
 * Runs one command through `run` and publishes the exchange as terminal events. A module error
 * or timeout is an answer (in `error`), not a failure; a command the terminal cannot send
 * (no AT prefix, CR/LF, needs a data payload) is a bad request.
 */
export async function runAndPublish(
  port: string,
  command: string,
  run: (command: string) => Promise<AtResponse>,
  emit: (event: IpcEvent) => void,
): Promise<SendAtResult> {
  // The same rule and words as `fieldlink at`: a command the terminal cannot send is a bad request.
  const problem = terminalCommandProblem(command);
  if (problem !== undefined) throw new AppError('bad-request', problem);
  emit(terminalEvent(port, 'command', command));
  let result: Omit<SendAtResult, 'command'>;
  try {
    const response = await run(command);
    // A deferred result (`+QMTOPEN: 0,0` after OK) is shown as the last line.
    result = { lines: response.deferred ? [...response.lines, response.deferred] : response.lines, final: response.final };
  } catch (error) {
    if (error instanceof TypeError) throw new AppError('bad-state', `sendAt: ${error.message}`);
    if (!(error instanceof AtError) || error.kind === 'closed' || error.kind === 'aborted') throw error;
    const answer = error as AtError & { lines?: readonly string[]; final?: string };
    result = { lines: [...(answer.lines ?? [])], final: answer.final ?? '', error: error.message };
  }
  for (const line of result.lines) emit(terminalEvent(port, 'line', line));
  if (result.final !== '') emit(terminalEvent(port, 'line', result.final));
  if (result.error !== undefined) emit(terminalEvent(port, 'error', result.error));
  return redactResult(command, result);
}

function redactResult(command: string, result: Omit<SendAtResult, 'command'>): SendAtResult {
  const redacted: SendAtResult = { command: shown.redact(command), lines: result.lines.map((l) => shown.redact(l)), final: shown.redact(result.final) };
  if (result.error !== undefined) redacted.error = shown.redact(result.error);
  return redacted;
}

/**
 * Everything the UI terminal sends out — events, answers, errors — passes the same Redactor as run
 * logs (a typed QMTCONN password in any case, a pasted or downloaded key) before it is shown (K1).
 */
const shown = new Redactor();

function terminalEvent(port: string, kind: TerminalEvent['kind'], text: string): TerminalEvent {
  return { channel: 'terminal', port, t: Date.now(), kind, text: shown.redact(text) };
}
