/**
 * Basic and identification commands (docs/at-behaviour.md#basic-commands): ATI, AT+QGMR, AT+CGSN, AT+CPIN?, AT+CSQ,
 * AT+CEREG?/AT+CREG?, AT+CMEE, ATE0. Parsers are pure; the `read*` functions run one command.
 */
import { QuectelError, unexpectedResponse } from './errors.ts';
import { moduleErrorCode, moduleErrorText } from './module-errors.ts';
import type { AtRunner } from './at-runner.ts';
import { fieldsOf, intField, optionalIntField } from './syntax.ts';

export interface ModuleIdentity {
  /** `Quectel` when the module prints it (real devices do; the BG96 manual example omits it). */
  manufacturer: string | undefined;
  model: string;
  revision: string;
}

/** ATI → `Quectel` ↵ `<model>` ↵ `Revision: <rev>`. */
export function parseAti(lines: readonly string[]): ModuleIdentity {
  const text = lines.map((line) => line.trim()).filter((line) => line !== '');
  const revisionAt = text.findIndex((line) => line.startsWith('Revision:'));
  const model = text[revisionAt - 1];
  if (revisionAt < 1 || model === undefined) throw unexpectedResponse('ATI', 'no model and "Revision:" lines', text.join(' | '));
  const revision = (text[revisionAt] ?? '').slice('Revision:'.length).trim();
  return { manufacturer: revisionAt >= 2 ? text[revisionAt - 2] : undefined, model, revision };
}

/** AT+QGMR / AT+CGMR → the single revision line, e.g. `EG25GGBR07A08M2G_30.203.30.203`. */
export function parseRevision(lines: readonly string[], command = 'AT+QGMR'): string {
  const text = lines.map((line) => line.trim()).filter((line) => line !== '');
  const [revision] = text;
  if (text.length !== 1 || revision === undefined) throw unexpectedResponse(command, 'expected exactly one revision line', text.join(' | '));
  return revision;
}

/** True for 15 digits whose last digit is the Luhn check digit. */
export function isValidImei(imei: string): boolean {
  if (!/^\d{15}$/.test(imei)) return false;
  let sum = 0;
  for (let i = 0; i < 15; i += 1) {
    const digit = Number(imei[14 - i]);
    const doubled = i % 2 === 1 ? digit * 2 : digit;
    sum += doubled > 9 ? doubled - 9 : doubled;
  }
  return sum % 10 === 0;
}

/** AT+CGSN → bare 15-digit IMEI (Luhn-checked). */
export function parseImei(lines: readonly string[]): string {
  const text = lines.map((line) => line.trim()).filter((line) => line !== '');
  const [imei] = text;
  if (text.length !== 1 || imei === undefined || !isValidImei(imei)) {
    throw unexpectedResponse('AT+CGSN', 'expected one 15-digit IMEI with a valid check digit', text.join(' | '));
  }
  return imei;
}

/** `+CPIN:` codes, plus NOT INSERTED for +CME ERROR: 10. */
export type SimState = 'READY' | 'SIM PIN' | 'SIM PUK' | 'SIM PIN2' | 'SIM PUK2' | 'PH-NET PIN' | 'NOT INSERTED' | (string & {});

export interface SimStatus {
  state: SimState;
  ready: boolean;
}

/** AT+CPIN? → `+CPIN: <code>`. */
export function parseCpin(lines: readonly string[]): SimStatus {
  const fields = fieldsOf(lines, '+CPIN', 'AT+CPIN?');
  const state = fields.map((field) => field.text).join(',').trim();
  if (state === '') throw unexpectedResponse('AT+CPIN?', 'empty +CPIN code', lines.join(' | '));
  return { state, ready: state === 'READY' };
}

export interface SignalQuality {
  rssi: number;
  ber: number;
  /** Received power in dBm; undefined when rssi = 99 (unknown). 0 means ≤ −113, 31 ≥ −51. */
  dbm: number | undefined;
}

/** rssi 0–31 → dBm (0 = −113, 2 dB steps, 31 = −51); 99 → undefined. */
export function rssiToDbm(rssi: number): number | undefined {
  if (rssi === 99) return undefined;
  if (!Number.isInteger(rssi) || rssi < 0 || rssi > 31) throw unexpectedResponse('AT+CSQ', `rssi ${rssi} is outside 0–31 and not 99`);
  return -113 + 2 * rssi;
}

/** AT+CSQ → `+CSQ: <rssi>,<ber>`. */
export function parseCsq(lines: readonly string[]): SignalQuality {
  const fields = fieldsOf(lines, '+CSQ', 'AT+CSQ');
  const rssi = intField(fields, 0, 'rssi', 'AT+CSQ');
  const ber = intField(fields, 1, 'ber', 'AT+CSQ');
  return { rssi, ber, dbm: rssiToDbm(rssi) };
}

/** Registration stat codes (27.007, BG96-ATC §6.1/§9.11). */
export const REGISTRATION_STATES = {
  0: 'not registered, not searching',
  1: 'registered, home network',
  2: 'not registered, searching',
  3: 'registration denied',
  4: 'unknown',
  5: 'registered, roaming',
} as const satisfies Record<number, string>;

export interface Registration {
  command: 'AT+CEREG?' | 'AT+CREG?' | 'AT+CGREG?';
  n: number;
  stat: number;
  meaning: string;
  /** stat 1 (home) or 5 (roaming). */
  registered: boolean;
  /** TAC (CEREG) or LAC (CREG), hex text as printed. */
  area: string | undefined;
  cellId: string | undefined;
  accessTechnology: number | undefined;
}

/** AT+CEREG? / AT+CREG? / AT+CGREG? → `+CEREG: <n>,<stat>[,<tac>,<ci>[,<AcT>…]]`. */
export function parseRegistration(lines: readonly string[], command: Registration['command']): Registration {
  const prefix = command.slice(2, -1);
  const fields = fieldsOf(lines, prefix, command);
  const stat = intField(fields, 1, 'stat', command);
  const meaning = (REGISTRATION_STATES as Record<number, string>)[stat] ?? `unknown stat ${stat}`;
  return {
    command,
    n: intField(fields, 0, 'n', command),
    stat,
    meaning,
    registered: stat === 1 || stat === 5,
    area: fields[2]?.text || undefined,
    cellId: fields[3]?.text || undefined,
    accessTechnology: optionalIntField(fields, 4, 'AcT', command),
  };
}

export async function readIdentity(at: AtRunner): Promise<ModuleIdentity> {
  return parseAti((await at.run('ATI')).lines);
}

export async function readFirmwareRevision(at: AtRunner): Promise<string> {
  return parseRevision((await at.run('AT+QGMR')).lines);
}

export async function readImei(at: AtRunner): Promise<string> {
  return parseImei((await at.run('AT+CGSN')).lines);
}

/** AT+CPIN? (max 5 s); +CME ERROR: 10 / "SIM not inserted" → state NOT INSERTED, not a throw. */
export async function readSimStatus(at: AtRunner): Promise<SimStatus> {
  try {
    return parseCpin((await at.run({ command: 'AT+CPIN?', timeoutMs: 5_000 })).lines);
  } catch (error) {
    if (moduleErrorCode(error) === 10 || /SIM not inserted/i.test(moduleErrorText(error) ?? '')) {
      return { state: 'NOT INSERTED', ready: false };
    }
    throw error;
  }
}

/** readSimStatus, throwing QuectelError('sim-not-ready') unless READY. */
export async function requireSimReady(at: AtRunner): Promise<SimStatus> {
  const status = await readSimStatus(at);
  if (!status.ready) {
    const hint = status.state === 'NOT INSERTED' ? 'insert a SIM card' : 'unlock the SIM (PIN/PUK) or replace it';
    throw new QuectelError('sim-not-ready', `SIM is not ready: ${status.state}`, { command: 'AT+CPIN?', hint });
  }
  return status;
}

export async function readSignalQuality(at: AtRunner): Promise<SignalQuality> {
  return parseCsq((await at.run('AT+CSQ')).lines);
}

export async function readRegistration(at: AtRunner, command: Registration['command'] = 'AT+CEREG?'): Promise<Registration> {
  return parseRegistration((await at.run(command)).lines, command);
}

/** AT+CMEE=<mode>: 0 plain ERROR, 1 numeric, 2 text. */
export async function setErrorFormat(at: AtRunner, mode: 0 | 1 | 2): Promise<void> {
  await at.run(`AT+CMEE=${mode}`);
}

/** ATE0: echo off (send after every RDY, see docs/uncertain-behaviour.md#echo-after-reset). */
export async function disableEcho(at: AtRunner): Promise<void> {
  await at.run('ATE0');
}
