/**
 * Resolves a command line against the command table: its name and form, the host timeouts, which
 * lines are its information lines and which URC is its deferred result.
 */
import {
  BARE_URCS,
  COMMAND_TABLE,
  DEFAULT_RESULT_MS,
  MIN_DEFERRED_MS,
  MIN_RESULT_MS,
  type CommandSpec,
  type DataModeKind,
} from './command-table.ts';
import type { AtRequest } from './types.ts';

export type CommandForm = 'test' | 'read' | 'write' | 'exec';

export interface ParsedCommand {
  /** Table key, e.g. `AT+QMTOPEN`, `ATE`, `AT&F`, `AT`. */
  name: string;
  form: CommandForm;
  /** Write-form arguments with quotes removed. */
  args: string[];
  /** `+QMTOPEN:` for extended commands, undefined for basic ones (ATI, ATE0). */
  ownPrefix: string | undefined;
}

export interface ResolvedDeferred {
  prefix: string;
  timeoutMs: number;
  match: (line: string) => boolean;
}

export interface ResolvedCommand extends ParsedCommand {
  resultMs: number;
  dataMs: number;
  data: DataModeKind | undefined;
  deferred: ResolvedDeferred | undefined;
  /** True for a line that is this command's information line (not a URC). */
  isInfo: (line: string) => boolean;
  source: string;
}

const NAME = /^AT(\+[A-Z0-9]+|&[A-Z]|[A-Z])?/i;

/** Splits `0,"a,b",3` into `['0', 'a,b', '3']` (commas inside quotes kept, quotes removed). */
export function splitArgs(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  out.push(current.trim());
  return out;
}

export function parseCommand(command: string): ParsedCommand {
  const trimmed = command.trim();
  const match = NAME.exec(trimmed);
  const name = (match?.[0] ?? trimmed).toUpperCase();
  const rest = trimmed.slice(match?.[0].length ?? trimmed.length);
  let form: CommandForm = 'exec';
  let args: string[] = [];
  if (rest.startsWith('=?')) form = 'test';
  else if (rest === '?') form = 'read';
  else if (rest.startsWith('=')) {
    form = 'write';
    args = splitArgs(rest.slice(1));
  } else if (rest !== '') args = [rest];
  const ownPrefix = name.startsWith('AT+') ? `${name.slice(2)}:` : undefined;
  return { name, form, args, ownPrefix };
}

export function isBareUrc(line: string): boolean {
  return BARE_URCS.includes(line.trim());
}

function secondsArg(args: string[], spec: { index: number; defaultS: number } | undefined): number | undefined {
  if (!spec) return undefined;
  const value = Number(args[spec.index]);
  return (Number.isFinite(value) && value > 0 ? value : spec.defaultS) * 1000;
}

function fieldsOf(line: string, prefix: string): string[] {
  return splitArgs(line.slice(prefix.length));
}

function resolveDeferred(parsed: ParsedCommand, spec: CommandSpec | undefined, request: AtRequest): ResolvedDeferred | undefined {
  if (request.deferred === false) return undefined;
  const table = parsed.form === 'write' || parsed.form === 'exec' ? spec?.deferred : undefined;
  const prefix = request.deferred?.prefix ?? table?.prefix;
  if (!prefix) return undefined;
  const fromArg = secondsArg(parsed.args, table?.secondsArg);
  const documented = fromArg !== undefined ? fromArg + MIN_DEFERRED_MS : (table?.documentedMs ?? 0);
  const timeoutMs = request.deferred?.timeoutMs ?? Math.max(documented, MIN_DEFERRED_MS);
  const matchArgs = table?.prefix === prefix ? (table.matchArgs ?? 0) : 0;
  const wanted = parsed.args.slice(0, matchArgs);
  const match =
    request.deferred?.match ??
    ((line: string) => {
      const fields = fieldsOf(line, prefix);
      return wanted.every((value, i) => fields[i] === value);
    });
  return { prefix, timeoutMs, match: (line) => line.startsWith(prefix) && match(line) };
}

function infoMatcher(parsed: ParsedCommand, spec: CommandSpec | undefined, request: AtRequest): (line: string) => boolean {
  const own = parsed.ownPrefix ? [parsed.ownPrefix] : [];
  let prefixes: readonly string[];
  if (request.infoPrefixes) prefixes = request.infoPrefixes;
  else if (parsed.form === 'read' || parsed.form === 'test') prefixes = own;
  else prefixes = spec?.info ?? own;
  const pattern = parsed.form === 'read' ? spec?.readInfoPattern : undefined;
  return (line) => {
    if (line.startsWith('+')) return prefixes.some((p) => line.startsWith(p)) && (!pattern || pattern.test(line));
    // Un-prefixed lines (ATI, AT+CGSN, AT+QGMR answers) are information unless they are known URCs.
    return !isBareUrc(line);
  };
}

export function resolveCommand(request: AtRequest): ResolvedCommand {
  const parsed = parseCommand(request.command);
  const spec = COMMAND_TABLE[parsed.name];
  const writeLike = parsed.form === 'write' || parsed.form === 'exec';
  const resultMs = request.timeoutMs ?? Math.max(spec?.resultMs ?? DEFAULT_RESULT_MS, MIN_RESULT_MS);
  const data = writeLike ? spec?.data : undefined;
  const fromArg = secondsArg(parsed.args, spec?.dataSecondsArg);
  const dataMs = request.dataTimeoutMs ?? Math.max(fromArg !== undefined ? fromArg + MIN_RESULT_MS : (spec?.dataMs ?? resultMs), MIN_RESULT_MS);
  // Fields listed one by one: `{ ...parsed, more }` costs microseconds per call in V8 11 (Node 20)
  // and this runs for every command.
  return {
    name: parsed.name,
    form: parsed.form,
    args: parsed.args,
    ownPrefix: parsed.ownPrefix,
    resultMs,
    dataMs,
    data,
    deferred: resolveDeferred(parsed, spec, request),
    isInfo: infoMatcher(parsed, spec, request),
    source: spec?.source ?? 'not in the command table: host default',
  };
}
