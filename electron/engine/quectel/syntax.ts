/**
 * AT syntax shared by every command family: building a command line from named parameters and
 * splitting an information line `+NAME: a,"b,c",3` into fields (docs/at-behaviour.md#framing).
 *
 * Quectel has no escape for `"` inside a quoted string: a string parameter that contains `"` is
 * rejected with an error naming the parameter. Commas inside a quoted string are fine. CR, LF,
 * Ctrl-Z and ESC would end or cancel the command line, so they are rejected too.
 */
import { invalidParameter, unexpectedResponse } from './errors.ts';

/** A literal written without quotes (hex cipher suite `0xC02F`, TMS2 target `main`). */
export class UnquotedParam {
  constructor(readonly text: string) {}
}

/**
 * A quoted string that may contain `"`: allowed only as the LAST parameter of a line, where the
 * module can take everything up to the final quote (the seed's will message is JSON).
 * See docs/uncertain-behaviour.md#qmtcfg-will-message-quotes.
 */
export class TrailingTextParam {
  constructor(readonly text: string) {}
}

/** string → quoted; number → decimal; undefined → omitted (only at the end). */
export type AtParam = string | number | UnquotedParam | TrailingTextParam | undefined;

export const unquoted = (text: string): UnquotedParam => new UnquotedParam(text);
export const trailingText = (text: string): TrailingTextParam => new TrailingTextParam(text);

const LINE_BREAKERS = /[\r\n\x1a\x1b]/;
const UNQUOTED_TOKEN = /^[0-9A-Za-z_.+-]+$/;

/** Quotes one string parameter; throws QuectelError('invalid-parameter') naming `param`. */
export function quoteString(param: string, value: string, command?: string): string {
  if (value.includes('"')) throw invalidParameter(param, 'contains a double quote, which Quectel AT strings cannot carry', command);
  if (LINE_BREAKERS.test(value)) throw invalidParameter(param, 'contains CR, LF, Ctrl-Z or ESC', command);
  return `"${value}"`;
}

/** Decimal text of a finite number, never in exponent form. */
export function formatNumber(param: string, value: number, command?: string): string {
  if (!Number.isFinite(value)) throw invalidParameter(param, 'is not a finite number', command);
  if (Number.isInteger(value)) return value.toFixed(0);
  const text = value.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
  return text === '-0' ? '0' : text;
}

function formatParam(param: string, value: Exclude<AtParam, undefined>, isLast: boolean, command: string): string {
  if (typeof value === 'string') return quoteString(param, value, command);
  if (typeof value === 'number') return formatNumber(param, value, command);
  if (value instanceof UnquotedParam) {
    if (!UNQUOTED_TOKEN.test(value.text)) throw invalidParameter(param, 'is not a plain token (letters, digits, _ . + -)', command);
    return value.text;
  }
  if (!isLast) throw invalidParameter(param, 'may contain quotes only as the last parameter', command);
  if (LINE_BREAKERS.test(value.text)) throw invalidParameter(param, 'contains CR, LF, Ctrl-Z or ESC', command);
  return `"${value.text}"`;
}

/**
 * `buildCommand('AT+QFUPL', { name: 'UFS:ca.pem', size: 1234, timeout: 5 })` →
 * `AT+QFUPL="UFS:ca.pem",1234,5`. Parameters are written in key order (keys must not look like
 * integers); trailing `undefined` values are omitted, an `undefined` before a value is an error.
 */
export function buildCommand(name: string, params: Readonly<Record<string, AtParam>> = {}): string {
  const entries = Object.entries(params);
  let end = entries.length;
  while (end > 0 && entries[end - 1]?.[1] === undefined) end -= 1;
  const parts = entries.slice(0, end).map(([param, value], index) => {
    if (value === undefined) throw invalidParameter(param, 'is missing but a later parameter is given', name);
    return formatParam(param, value, index === end - 1, name);
  });
  return parts.length === 0 ? name : `${name}=${parts.join(',')}`;
}

/** One field of an information line. */
export interface Field {
  text: string;
  quoted: boolean;
}

/** `+NAME: fields` split into its name and fields. */
export interface InfoLine {
  /** With the leading `+`, without the colon: `+QFUPL`. */
  name: string;
  fields: Field[];
}

/** Splits `a,"b,c", 3` into fields, honouring quotes; throws on an unterminated quote or junk after one. */
export function tokenizeFields(text: string): Field[] {
  const fields: Field[] = [];
  let pos = 0;
  for (;;) {
    while (text[pos] === ' ') pos += 1;
    if (text[pos] === '"') {
      const close = text.indexOf('"', pos + 1);
      if (close < 0) throw unexpectedResponse('tokenizer', 'unterminated quoted field', text);
      fields.push({ text: text.slice(pos + 1, close), quoted: true });
      pos = close + 1;
      while (text[pos] === ' ') pos += 1;
      if (pos < text.length && text[pos] !== ',') throw unexpectedResponse('tokenizer', 'text after a closing quote', text);
    } else {
      const comma = text.indexOf(',', pos);
      const end = comma < 0 ? text.length : comma;
      fields.push({ text: text.slice(pos, end).trim(), quoted: false });
      pos = end;
    }
    if (pos >= text.length) return fields;
    pos += 1; // the comma
  }
}

const INFO_LINE = /^(\+[A-Za-z0-9_]+):\s?(.*)$/s;

/** Parses `+NAME: a,b` (also `+NAME:` with nothing after it); undefined for any other line. */
export function parseInfoLine(line: string): InfoLine | undefined {
  const match = INFO_LINE.exec(line);
  if (!match) return undefined;
  const [, name = '', rest = ''] = match;
  return { name, fields: rest.trim() === '' ? [] : tokenizeFields(rest) };
}

/** The fields of the first line that starts with `prefix` (e.g. `+CSQ`); throws when none. */
export function fieldsOf(lines: readonly string[], prefix: string, command: string): Field[] {
  const found = findFields(lines, prefix);
  if (!found) throw unexpectedResponse(command, `no ${prefix}: line in the answer`, lines.join(' | '));
  return found;
}

/** Like fieldsOf, but undefined when the answer has no such line. */
export function findFields(lines: readonly string[], prefix: string): Field[] | undefined {
  for (const line of lines) {
    const parsed = parseInfoLine(line);
    if (parsed?.name === prefix) return parsed.fields;
  }
  return undefined;
}

/** Every line starting with `prefix`, parsed. */
export function allFields(lines: readonly string[], prefix: string): Field[][] {
  return lines.flatMap((line) => {
    const parsed = parseInfoLine(line);
    return parsed?.name === prefix ? [parsed.fields] : [];
  });
}

/** Reads field `index` as an integer (decimal, optional sign); throws naming the field. */
export function intField(fields: readonly Field[], index: number, what: string, command: string): number {
  const field = fields[index];
  if (!field || field.quoted || !/^[+-]?\d+$/.test(field.text)) {
    throw unexpectedResponse(command, `field ${index} (${what}) is not an integer`, field?.text);
  }
  return Number.parseInt(field.text, 10);
}

/** Reads an optional integer field: undefined when absent or empty. */
export function optionalIntField(fields: readonly Field[], index: number, what: string, command: string): number | undefined {
  const field = fields[index];
  if (!field || (!field.quoted && field.text === '')) return undefined;
  return intField(fields, index, what, command);
}

/** Reads field `index` as text (quoted or not); throws when absent. */
export function textField(fields: readonly Field[], index: number, what: string, command: string): string {
  const field = fields[index];
  if (!field) throw unexpectedResponse(command, `field ${index} (${what}) is missing`);
  return field.text;
}

/** The command head for messages: `AT+QMTCONN=0,"id","u","p"` → `AT+QMTCONN` (drops secrets). */
export function commandHead(command: string): string {
  const match = /^AT[+&]?[A-Za-z0-9_]*/i.exec(command);
  return match ? match[0] : command.slice(0, 12);
}
