/**
 * Module output framing (docs/at-behaviour.md#framing, #line-framing). With ATV1 a command's information lines are one
 * block, `\r\n<line1>\r\n<line2>\r\n` (single CR LF between lines), and every final result and URC
 * is `\r\n<text>\r\n`, so a two-line answer is `\r\nA\r\nB\r\n\r\nOK\r\n`. With ATV0 finals are a
 * digit + CR and other lines lose the leading CR LF. Echo is the host's own bytes as they arrive
 * (reader.ts); the data prompt is `\r\n> ` with no line end after it. `+CME ERROR` follows AT+CMEE:
 * 0 plain ERROR, 1 numeric, 2 text for 3GPP codes (module 4xx/5xx/7xx stay numeric).
 * URCs raised while the port is in data mode are held and delivered after the command's final
 * result (docs/uncertain-behaviour.md#urcs-in-data-mode). All text is latin1 so payload bytes pass unchanged.
 */
import { CME_CODES } from '../../engine/at/cme-codes.ts';

export type FinalResult =
  | { kind: 'ok' }
  | { kind: 'error' }
  | { kind: 'cme'; code: number }
  /** Data mode follows; `count` for QFREAD-style `CONNECT <n>`. */
  | { kind: 'connect'; count?: number }
  /** AT+QISEND's own final result: `SEND OK` / `SEND FAIL`. */
  | { kind: 'send'; ok: boolean };

export interface ModemSettings {
  echo: boolean;
  verbose: boolean;
  /** ATQ1: result codes are not printed (information lines still are). */
  quiet: boolean;
  cmee: 0 | 1 | 2;
}

export const DEFAULT_MODEM_SETTINGS: Readonly<ModemSettings> = { echo: true, verbose: true, quiet: false, cmee: 1 };

export interface WriterHooks {
  /** Bytes to put before a CR LF framed line (the `line-noise` fault). */
  beforeFrame?: () => Buffer | undefined;
}

const NUMERIC_FINALS = { ok: '0', connect: '1', error: '4' } as const;
/** 3GPP 27.007 codes have texts in CMEE=2; module families are numeric in practice (docs/at-behaviour.md#framing). */
const LAST_TEXT_CODE = 99;

export class ModemWriter {
  private held: string[] | undefined;

  constructor(
    private readonly out: (bytes: Buffer) => void,
    private readonly settings: ModemSettings,
    private readonly hooks: WriterHooks = {},
  ) {}

  /** The host's bytes echoed back as they arrive (command line characters, prompt payload). */
  echo(bytes: Buffer): void {
    if (bytes.length > 0) this.out(bytes);
  }

  /** A command's information lines: one block, lines separated by a single CR LF. */
  information(lines: readonly string[]): void {
    if (lines.length === 0) return;
    const noise = this.hooks.beforeFrame?.();
    if (noise) this.out(noise);
    const body = lines.map((line) => `${line}\r\n`).join('');
    this.send(this.settings.verbose ? `\r\n${body}` : body);
  }

  /** One information line (a block of one). */
  info(line: string): void {
    this.information([line]);
  }

  urc(line: string): void {
    if (this.held) this.held.push(line);
    else this.frame(line);
  }

  final(result: FinalResult): void {
    if (this.settings.quiet && result.kind !== 'connect') return;
    if (result.kind === 'cme') return this.frame(this.cmeText(result.code));
    if (result.kind === 'connect' && result.count !== undefined) return this.frame(`CONNECT ${result.count}`);
    if (result.kind === 'send') return this.frame(result.ok ? 'SEND OK' : 'SEND FAIL');
    const verbose = { ok: 'OK', error: 'ERROR', connect: 'CONNECT' }[result.kind];
    if (this.settings.verbose) this.frame(verbose);
    else this.send(`${NUMERIC_FINALS[result.kind]}\r`);
  }

  prompt(): void {
    this.send(this.settings.verbose ? '\r\n> ' : '> ');
  }

  raw(bytes: Buffer): void {
    this.out(bytes);
  }

  /** Holds URCs until the returned release function runs (data mode). */
  holdUrcs(): () => void {
    const held: string[] = this.held ?? [];
    this.held = held;
    return () => {
      if (this.held !== held) return;
      this.held = undefined;
      for (const line of held) this.frame(line);
    };
  }

  /** Power loss: held URCs are lost. */
  reset(): void {
    this.held = undefined;
  }

  private cmeText(code: number): string {
    if (this.settings.cmee === 0) return 'ERROR';
    const text = CME_CODES[code];
    if (this.settings.cmee === 2 && code <= LAST_TEXT_CODE && text) return `+CME ERROR: ${text}`;
    return `+CME ERROR: ${code}`;
  }

  private frame(line: string): void {
    const noise = this.hooks.beforeFrame?.();
    if (noise) this.out(noise);
    this.send(this.settings.verbose ? `\r\n${line}\r\n` : `${line}\r\n`);
  }

  private send(text: string): void {
    this.out(Buffer.from(text, 'latin1'));
  }
}
