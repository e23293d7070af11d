/**
 * TMS2 service commands (docs/sequence.md): command lines and answer parsers, pure.
 *   AT+TMSVER?                 → +TMSVER: "<main>","<sub>"
 *   AT+TMSGS?                  → +TMSGS: <ax>,<ay>,<az>          (mg)
 *   AT+TMSGCAL=<roll>,<pitch>  → OK;  AT+TMSGCAL? → +TMSGCAL: <roll>,<pitch>
 *   AT+TMSFOTA=<main|sub>,"UFS:<file>",<size>,"<sha256>" → OK, then
 *     +TMSFOTA: <target>,<percent> … +TMSFOTA: <target>,"DONE"  |  +TMSFOTA: <target>,"ERROR",<reason>
 */
import { buildCommand, parseInfoLine, unquoted, type Field } from '../quectel/syntax.ts';
import { McuError } from './errors.ts';
import type { Acceleration, FirmwareApplyRequest, FirmwareTarget, FirmwareVersions, MountingAngles } from './types.ts';

export const TMS2_COMMANDS = {
  versions: 'AT+TMSVER?',
  acceleration: 'AT+TMSGS?',
  mountingQuery: 'AT+TMSGCAL?',
} as const;

export const ANGLE_LIMITS = { roll: { min: -180, max: 180 }, pitch: { min: -90, max: 90 } } as const;

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

function fieldsOf(lines: readonly string[], prefix: string, command: string): Field[] {
  for (const line of lines) {
    const parsed = parseInfoLine(line);
    if (parsed?.name === prefix) return parsed.fields;
  }
  throw new McuError('unexpected-response', `${command}: no ${prefix}: line in the answer`, { command, line: lines.join(' | ') });
}

function numbers(fields: readonly Field[], count: number, command: string): number[] {
  const texts = fields.map((field) => field.text.trim());
  if (texts.length !== count || texts.some((text) => !NUMBER.test(text))) {
    throw new McuError('unexpected-response', `${command}: expected ${count} numbers`, { command, line: texts.join(',') });
  }
  return texts.map(Number);
}

export function parseVersions(lines: readonly string[]): FirmwareVersions {
  const fields = fieldsOf(lines, '+TMSVER', TMS2_COMMANDS.versions);
  const [main, sub] = fields.map((field) => field.text.trim());
  if (fields.length !== 2 || !main || !sub) {
    throw new McuError('unexpected-response', 'AT+TMSVER?: expected "<main>","<sub>"', { command: TMS2_COMMANDS.versions, line: lines.join(' | ') });
  }
  return { main, sub };
}

export function parseAcceleration(lines: readonly string[]): Acceleration {
  const [ax = 0, ay = 0, az = 0] = numbers(fieldsOf(lines, '+TMSGS', TMS2_COMMANDS.acceleration), 3, TMS2_COMMANDS.acceleration);
  return { ax, ay, az };
}

export function parseMounting(lines: readonly string[]): MountingAngles {
  const [roll = 0, pitch = 0] = numbers(fieldsOf(lines, '+TMSGCAL', TMS2_COMMANDS.mountingQuery), 2, TMS2_COMMANDS.mountingQuery);
  return { roll, pitch };
}

/** `AT+TMSGCAL=<roll>,<pitch>` after range checks (roll ±180°, pitch ±90°). */
export function buildMountingCommand(angles: MountingAngles): string {
  for (const axis of ['roll', 'pitch'] as const) {
    const { min, max } = ANGLE_LIMITS[axis];
    const value = angles[axis];
    if (!Number.isFinite(value) || value < min || value > max) {
      throw new McuError('invalid-parameter', `AT+TMSGCAL: ${axis} must be ${min}…${max} degrees`, { command: 'AT+TMSGCAL', param: axis });
    }
  }
  return buildCommand('AT+TMSGCAL', { roll: angles.roll, pitch: angles.pitch });
}

/** The module file as the command wants it: `UFS:<file>`. */
export function moduleFirmwarePath(file: string): string {
  return /^(UFS|RAM):/i.test(file) ? file : `UFS:${file}`;
}

export function buildFotaCommand(request: FirmwareApplyRequest): string {
  const invalid = (param: string, reason: string) => new McuError('invalid-parameter', `AT+TMSFOTA: ${param} ${reason}`, { command: 'AT+TMSFOTA', param });
  if (request.target !== 'main' && request.target !== 'sub') throw invalid('target', 'must be main or sub');
  if (!/^[0-9a-f]{64}$/i.test(request.sha256)) throw invalid('sha256', 'must be 64 hex digits');
  if (!Number.isInteger(request.size) || request.size <= 0) throw invalid('size', 'must be a positive integer');
  const path = moduleFirmwarePath(request.file);
  if (path.includes('"') || /[\r\n]/.test(path) || Buffer.byteLength(path) > 80) throw invalid('file', 'must be a module file name (≤ 80 bytes, no quotes)');
  return buildCommand('AT+TMSFOTA', { target: unquoted(request.target), file: path, size: request.size, sha256: request.sha256.toLowerCase() });
}

export type FotaEvent =
  | { kind: 'progress'; target: FirmwareTarget; percent: number }
  | { kind: 'done'; target: FirmwareTarget }
  | { kind: 'error'; target: FirmwareTarget; reason: string };

/** `+TMSFOTA: <target>,<percent>` | `<target>,"DONE"` | `<target>,"ERROR",<reason>`. */
export function parseFotaUrc(line: string): FotaEvent {
  const bad = () => new McuError('unexpected-response', '+TMSFOTA: unreadable line', { command: 'AT+TMSFOTA', line });
  const parsed = parseInfoLine(line);
  if (parsed?.name !== '+TMSFOTA') throw bad();
  const [targetField, second, ...rest] = parsed.fields;
  const target = targetField?.text.trim();
  if ((target !== 'main' && target !== 'sub') || !second) throw bad();
  if (second.quoted && second.text === 'DONE') return { kind: 'done', target };
  if (second.quoted && second.text === 'ERROR') return { kind: 'error', target, reason: rest.map((field) => field.text).join(',') || 'no reason given' };
  const percent = Number(second.text);
  if (second.quoted || !/^\d{1,3}$/.test(second.text.trim()) || percent > 100) throw bad();
  return { kind: 'progress', target, percent };
}
