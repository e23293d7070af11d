/**
 * One command line → the commands in it. `AT` + basic commands (`E0`, `V1`, `I`, `&F`, chained as
 * `E0V1`) or extended ones (`+NAME`, `+NAME?`, `+NAME=?`, `+NAME=<args>`), several joined with `;`.
 * Names are case-insensitive, parameters keep their case. Bytes before `AT` are line noise and
 * ignored. Typographic quotes anywhere make the line a syntax error (docs/at-behaviour.md#framing, JC-LOG).
 */
import { ParamReader, parseArgs } from './args.ts';

export type CommandForm = 'exec' | 'read' | 'test' | 'write';

export interface ParsedCommand {
  /** Upper case: `''` for bare AT, `E`, `&F`, `+QFUPL`. */
  name: string;
  form: CommandForm;
  params: ParamReader;
  /** The command's own text as typed, e.g. `+QFUPL="a",10`. */
  text: string;
}

export type ParsedLine =
  | { kind: 'commands'; commands: ParsedCommand[] }
  | { kind: 'syntax-error' }
  /** No `AT` in the line: the module ignores it. */
  | { kind: 'not-at' };

const TYPOGRAPHIC_QUOTES = ['\u00e2\u0080\u009c', '\u00e2\u0080\u009d', '\u0093', '\u0094', '\u201c', '\u201d'];
const EXTENDED = /^([+$%^][A-Za-z0-9_&]+)(.*)$/s;
const BASIC = /^(&?[A-Za-z])(\d*)/;

export function parseCommandLine(line: string): ParsedLine {
  const start = line.search(/at/i);
  if (start < 0) return { kind: 'not-at' };
  const body = line.slice(start + 2).trim();
  if (TYPOGRAPHIC_QUOTES.some((quote) => line.includes(quote))) return { kind: 'syntax-error' };
  if (body === '') return { kind: 'commands', commands: [basic('', '')] };
  const commands: ParsedCommand[] = [];
  for (const piece of splitOutsideQuotes(body)) {
    const parsed = /^[+$%^]/.test(piece) ? parseExtended(piece) : parseBasicChain(piece);
    if (!parsed) return { kind: 'syntax-error' };
    commands.push(...parsed);
  }
  return commands.length > 0 ? { kind: 'commands', commands } : { kind: 'syntax-error' };
}

function basic(name: string, digits: string): ParsedCommand {
  const params = new ParamReader(digits === '' ? [] : [{ text: digits, quoted: false }]);
  return { name, form: digits === '' ? 'exec' : 'write', params, text: `${name}${digits}` };
}

function parseBasicChain(text: string): ParsedCommand[] | undefined {
  const commands: ParsedCommand[] = [];
  let rest = text.trim();
  while (rest !== '') {
    const match = BASIC.exec(rest);
    if (!match) return undefined;
    const [whole, name = '', digits = ''] = match;
    commands.push(basic(name.toUpperCase(), digits));
    rest = rest.slice(whole.length).trim();
  }
  return commands;
}

function parseExtended(text: string): ParsedCommand[] | undefined {
  const match = EXTENDED.exec(text.trim());
  if (!match) return undefined;
  const [, rawName = '', tail = ''] = match;
  const name = rawName.toUpperCase();
  const rest = tail.trim();
  const make = (form: CommandForm, params: ParamReader): ParsedCommand[] => [{ name, form, params, text: text.trim() }];
  if (rest === '') return make('exec', new ParamReader([]));
  if (rest === '?') return make('read', new ParamReader([]));
  if (rest === '=?') return make('test', new ParamReader([]));
  if (!rest.startsWith('=')) return undefined;
  const args = parseArgs(rest.slice(1));
  return args ? make('write', new ParamReader(args)) : undefined;
}

/** Splits on `;` that are not inside quotes. */
function splitOutsideQuotes(text: string): string[] {
  const pieces: string[] = [];
  let quoted = false;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === ';' && !quoted) {
      pieces.push(text.slice(from, i));
      from = i + 1;
    }
  }
  pieces.push(text.slice(from));
  return pieces.map((piece) => piece.trim()).filter((piece) => piece !== '');
}
