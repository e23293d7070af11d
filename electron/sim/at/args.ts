/**
 * Parameters of a command line: `"a,b",3,,0x0035` → fields. Strings are between straight double
 * quotes with no escapes; a quoted LAST parameter may contain `"` and runs to the last quote of the
 * line (docs/uncertain-behaviour.md#qmtcfg-will-message-quotes: the LWT message is raw JSON). Handlers read
 * fields through ParamReader, which throws ParamError for a value the module would refuse.
 */
import type { FinalResult } from '../line/writer.ts';

export interface Arg {
  text: string;
  quoted: boolean;
}

/** Splits the text after `=`; undefined when the quotes do not balance. */
export function parseArgs(text: string): Arg[] | undefined {
  const args: Arg[] = [];
  let pos = 0;
  for (;;) {
    while (text[pos] === ' ') pos += 1;
    if (text[pos] === '"') {
      const parsed = quotedAt(text, pos);
      if (!parsed) return undefined;
      args.push({ text: parsed.value, quoted: true });
      pos = parsed.end;
    } else {
      const comma = text.indexOf(',', pos);
      const end = comma < 0 ? text.length : comma;
      const value = text.slice(pos, end).trim();
      if (value.includes('"')) return undefined;
      args.push({ text: value, quoted: false });
      pos = end;
    }
    if (pos >= text.length) return args;
    pos += 1; // the comma
  }
}

/** A quoted field starting at `open`; `end` points at the comma after it or the end of text. */
function quotedAt(text: string, open: number): { value: string; end: number } | undefined {
  const close = text.indexOf('"', open + 1);
  if (close < 0) return undefined;
  let after = close + 1;
  while (text[after] === ' ') after += 1;
  if (after >= text.length || text[after] === ',') return { value: text.slice(open + 1, close), end: after };
  // Text after the closing quote: the module takes everything up to the last quote of the line.
  const trimmed = text.trimEnd();
  if (!trimmed.endsWith('"') || trimmed.length - 1 <= close) return undefined;
  return { value: trimmed.slice(open + 1, trimmed.length - 1), end: text.length };
}

/** A parameter the module refuses; `result` is what it prints (default plain ERROR). */
export class ParamError extends Error {
  override readonly name = 'ParamError';
  constructor(
    message: string,
    readonly result: FinalResult = { kind: 'error' },
  ) {
    super(message);
  }
}

export interface IntRule {
  min: number;
  max: number;
  default?: number;
}

export class ParamReader {
  constructor(readonly args: readonly Arg[]) {}

  get count(): number {
    return this.args.length;
  }

  /** True when field `i` is present and not empty. */
  has(i: number): boolean {
    const arg = this.args[i];
    return arg !== undefined && (arg.quoted || arg.text !== '');
  }

  /** Decimal integer in range; a missing field takes the default (or is an error). */
  int(i: number, rule: IntRule): number {
    const arg = this.args[i];
    if (!this.has(i) || !arg) {
      if (rule.default !== undefined) return rule.default;
      throw new ParamError(`parameter ${i + 1} is missing`);
    }
    if (arg.quoted || !/^[+-]?\d+$/.test(arg.text)) throw new ParamError(`parameter ${i + 1} is not a number`);
    const value = Number(arg.text);
    if (value < rule.min || value > rule.max) throw new ParamError(`parameter ${i + 1} is out of range`);
    return value;
  }

  /** Decimal number (TMS2 angles) in range. */
  decimal(i: number, min: number, max: number): number {
    const arg = this.args[i];
    if (!arg || arg.quoted || !/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(arg.text)) throw new ParamError(`parameter ${i + 1} is not a number`);
    const value = Number(arg.text);
    if (value < min || value > max) throw new ParamError(`parameter ${i + 1} is out of range`);
    return value;
  }

  /** A quoted string (unquoted text is refused, as the module does). */
  str(i: number, maxLength = 1024): string {
    const arg = this.args[i];
    if (!arg || !arg.quoted) throw new ParamError(`parameter ${i + 1} must be a quoted string`);
    if (arg.text.length > maxLength) throw new ParamError(`parameter ${i + 1} is too long`);
    return arg.text;
  }

  /** A quoted string whose bytes are UTF-8 text (MQTT topics, client id, credentials). */
  text(i: number, maxLength = 1024): string {
    return Buffer.from(this.str(i, maxLength), 'latin1').toString('utf8');
  }

  /** An unquoted token (hex cipher suite, TMS2 target). */
  token(i: number): string {
    const arg = this.args[i];
    if (!arg || arg.quoted || arg.text === '') throw new ParamError(`parameter ${i + 1} must be an unquoted value`);
    return arg.text;
  }

  /** Fails unless the field count is within [min, max]. */
  expectCount(min: number, max: number): void {
    if (this.args.length < min || this.args.length > max) throw new ParamError('wrong number of parameters');
  }
}
