/**
 * SIM, operator, cell and clock answers for identify and diagnose (docs/at-behaviour.md#sim-and-identity,
 * #network-commands): AT+QCCID, AT+CIMI, AT+QSPN, AT+COPS?, AT+QNWINFO, AT+QENG="servingcell",
 * AT+QCSQ, AT+CGDCONT?, AT+CGPADDR, AT+CCLK?, AT+QLTS. Parsers are pure; `read*` run one command.
 */
import { unexpectedResponse } from './errors.ts';
import { moduleErrorCode } from './module-errors.ts';
import type { AtRunner } from './at-runner.ts';
import { allFields, fieldsOf, intField, optionalIntField, textField } from './syntax.ts';

/** AT+QCCID → `+QCCID: <iccid>`; a 19-digit ICCID may be padded with `F` (JC-LOG), which is dropped. */
export function parseIccid(lines: readonly string[]): string {
  const raw = textField(fieldsOf(lines, '+QCCID', 'AT+QCCID'), 0, 'iccid', 'AT+QCCID').toUpperCase();
  const iccid = raw.replace(/F+$/, '');
  if (!/^\d{18,20}$/.test(iccid)) throw unexpectedResponse('AT+QCCID', 'ICCID is not 18–20 digits', raw);
  return iccid;
}

/** AT+CIMI → the bare IMSI line (15 digits, at least 6). */
export function parseImsi(lines: readonly string[]): string {
  const text = lines.map((line) => line.trim()).filter((line) => line !== '');
  const [imsi] = text;
  if (text.length !== 1 || imsi === undefined || !/^\d{6,15}$/.test(imsi)) throw unexpectedResponse('AT+CIMI', 'expected one IMSI line of digits', text.join(' | '));
  return imsi;
}

export interface ServiceProvider {
  fullName: string;
  shortName: string;
  spn: string;
  /** Registered PLMN, e.g. `45008`. */
  plmn: string;
}

/** AT+QSPN → `+QSPN: "<FNN>","<SNN>","<SPN>",<alphabet>,"<RPLMN>"`. */
export function parseQspn(lines: readonly string[]): ServiceProvider {
  const fields = fieldsOf(lines, '+QSPN', 'AT+QSPN');
  return {
    fullName: textField(fields, 0, 'FNN', 'AT+QSPN'),
    shortName: textField(fields, 1, 'SNN', 'AT+QSPN'),
    spn: textField(fields, 2, 'SPN', 'AT+QSPN'),
    plmn: fields[4]?.text ?? '',
  };
}

export interface OperatorSelection {
  /** 0 automatic, 1 manual, 2 deregistered (radio off), 4 manual/automatic. */
  mode: number;
  operator: string | undefined;
  /** 7 E-UTRAN, 8 Cat-M1, 9 NB-IoT, 0 GSM… */
  accessTechnology: number | undefined;
}

/** AT+COPS? → `+COPS: <mode>[,<format>,"<oper>"[,<AcT>]]`. */
export function parseCopsRead(lines: readonly string[]): OperatorSelection {
  const fields = fieldsOf(lines, '+COPS', 'AT+COPS?');
  return {
    mode: intField(fields, 0, 'mode', 'AT+COPS?'),
    operator: fields[2]?.text || undefined,
    accessTechnology: optionalIntField(fields, 3, 'AcT', 'AT+COPS?'),
  };
}

export interface NetworkInfo {
  /** `FDD LTE`, `TDD LTE`, `CAT-M`, `EDGE`…; undefined with `No Service`. */
  accessTechnology: string | undefined;
  plmn: string | undefined;
  /** `LTE BAND 3`, `GSM 1900`… */
  band: string | undefined;
  channel: number | undefined;
}

/** AT+QNWINFO → `+QNWINFO: "<Act>","<oper>","<band>",<channel>` or `+QNWINFO: No Service`. */
export function parseQnwinfo(lines: readonly string[]): NetworkInfo {
  const fields = fieldsOf(lines, '+QNWINFO', 'AT+QNWINFO');
  if (fields.length === 1 && /no service/i.test(fields[0]?.text ?? '')) return { accessTechnology: undefined, plmn: undefined, band: undefined, channel: undefined };
  return {
    accessTechnology: textField(fields, 0, 'Act', 'AT+QNWINFO'),
    plmn: textField(fields, 1, 'oper', 'AT+QNWINFO'),
    band: textField(fields, 2, 'band', 'AT+QNWINFO'),
    channel: optionalIntField(fields, 3, 'channel', 'AT+QNWINFO'),
  };
}

export interface ServingCell {
  /** `NOCONN`, `CONNECT`, `SEARCH`, `LIMSRV`. */
  state: string;
  rat: string | undefined;
  mcc: number | undefined;
  mnc: string | undefined;
  cellId: string | undefined;
  pci: number | undefined;
  earfcn: number | undefined;
  band: number | undefined;
  tac: string | undefined;
  rsrpDbm: number | undefined;
  rsrqDb: number | undefined;
  rssiDbm: number | undefined;
  sinrDb: number | undefined;
}

const numberOrUndefined = (text: string | undefined): number | undefined => (text !== undefined && /^-?\d+$/.test(text) ? Number(text) : undefined);

/**
 * AT+QENG="servingcell" → `+QENG: "servingcell","<state>","LTE","<is_tdd>",<MCC>,<MNC>,<cellID>,<PCID>,
 * <earfcn>,<band>,<UL_bw>,<DL_bw>,<TAC>,<RSRP>,<RSRQ>,<RSSI>,<SINR>,…`. SINR is read in dB as EG25-G
 * prints it (docs/uncertain-behaviour.md#sinr-scale). Only the LTE layout is decoded; other RATs
 * give the state and RAT.
 */
export function parseServingCell(lines: readonly string[]): ServingCell {
  const fields = fieldsOf(lines, '+QENG', 'AT+QENG="servingcell"');
  const at = (i: number) => fields[i]?.text;
  const state = at(1) ?? '';
  const rat = at(2);
  const empty: ServingCell = { state, rat, mcc: undefined, mnc: undefined, cellId: undefined, pci: undefined, earfcn: undefined, band: undefined, tac: undefined, rsrpDbm: undefined, rsrqDb: undefined, rssiDbm: undefined, sinrDb: undefined };
  if (rat !== 'LTE') return empty;
  return {
    ...empty,
    mcc: numberOrUndefined(at(4)),
    mnc: at(5),
    cellId: at(6),
    pci: numberOrUndefined(at(7)),
    earfcn: numberOrUndefined(at(8)),
    band: numberOrUndefined(at(9)),
    tac: at(12),
    rsrpDbm: numberOrUndefined(at(13)),
    rsrqDb: numberOrUndefined(at(14)),
    rssiDbm: numberOrUndefined(at(15)),
    sinrDb: numberOrUndefined(at(16)),
  };
}

export interface SignalDetail {
  /** `LTE`, `CAT-M1`, `GSM`…; `NOSERVICE` when there is none. */
  mode: string;
  rssiDbm: number | undefined;
  rsrpDbm: number | undefined;
  /** In dB, from the 0–250 (1/5 dB from −20 dB) scale of +QCSQ. */
  sinrDb: number | undefined;
  rsrqDb: number | undefined;
}

/** AT+QCSQ → `+QCSQ: "LTE",<rssi>,<rsrp>,<sinr>,<rsrq>` (`+QCSQ: "GSM",<rssi>`, `+QCSQ: "NOSERVICE"`). */
export function parseQcsq(lines: readonly string[]): SignalDetail {
  const fields = fieldsOf(lines, '+QCSQ', 'AT+QCSQ');
  const mode = textField(fields, 0, 'sysmode', 'AT+QCSQ');
  const sinr = optionalIntField(fields, 3, 'sinr', 'AT+QCSQ');
  return {
    mode,
    rssiDbm: optionalIntField(fields, 1, 'rssi', 'AT+QCSQ'),
    rsrpDbm: optionalIntField(fields, 2, 'rsrp', 'AT+QCSQ'),
    sinrDb: sinr === undefined ? undefined : sinr / 5 - 20,
    rsrqDb: optionalIntField(fields, 4, 'rsrq', 'AT+QCSQ'),
  };
}

export interface PdpDefinition {
  cid: number;
  /** `IP`, `IPV6`, `IPV4V6`. */
  type: string;
  apn: string;
}

/** AT+CGDCONT? → one `+CGDCONT: <cid>,"<type>","<apn>",…` per defined context. */
export function parseCgdcont(lines: readonly string[]): PdpDefinition[] {
  return allFields(lines, '+CGDCONT').map((fields) => ({
    cid: intField(fields, 0, 'cid', 'AT+CGDCONT?'),
    type: textField(fields, 1, 'PDP_type', 'AT+CGDCONT?'),
    apn: fields[2]?.text ?? '',
  }));
}

export interface PdpAddress {
  cid: number;
  /** undefined when the context has no address (`0.0.0.0` or empty). */
  address: string | undefined;
}

/** AT+CGPADDR[=<cid>] → `+CGPADDR: <cid>,"<address>"` per context. */
export function parseCgpaddr(lines: readonly string[]): PdpAddress[] {
  return allFields(lines, '+CGPADDR').map((fields) => {
    const address = fields[1]?.text ?? '';
    return { cid: intField(fields, 0, 'cid', 'AT+CGPADDR'), address: address === '' || address === '0.0.0.0' ? undefined : address };
  });
}

export interface ModuleClock {
  /** The instant the module's clock shows (its local time minus its zone). */
  utc: Date;
  /** Zone in quarter hours from GMT, as printed. */
  quarterHours: number;
  /** QLTS daylight-saving flag (undefined for CCLK). */
  dst: number | undefined;
}

const CLOCK = /^(\d{2}|\d{4})\/(\d\d)\/(\d\d),(\d\d):(\d\d):(\d\d)([+-]\d\d)(?:,(\d))?$/;

/** `yy/MM/dd,hh:mm:ss±zz[,dst]` (2- or 4-digit year) → the instant; throws when malformed. */
export function parseClockText(text: string, command: string): ModuleClock {
  const match = CLOCK.exec(text.trim());
  if (!match) throw unexpectedResponse(command, 'clock is not yy/MM/dd,hh:mm:ss±zz', text);
  const [, year = '', month = '', day = '', hour = '', minute = '', second = '', zone = '', dst] = match;
  const fullYear = year.length === 2 ? 2000 + Number(year) : Number(year);
  const quarterHours = Number(zone);
  const localMs = Date.UTC(fullYear, Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  return { utc: new Date(localMs - quarterHours * 15 * 60_000), quarterHours, dst: dst === undefined ? undefined : Number(dst) };
}

/** AT+CCLK? → `+CCLK: "yy/MM/dd,hh:mm:ss±zz"`. */
export function parseCclk(lines: readonly string[]): ModuleClock {
  return parseClockText(textField(fieldsOf(lines, '+CCLK', 'AT+CCLK?'), 0, 'time', 'AT+CCLK?'), 'AT+CCLK?');
}

/** AT+QLTS → `+QLTS: "yyyy/MM/dd,hh:mm:ss±zz,<dst>"`; undefined for `+QLTS: ""` (no network time yet). */
export function parseQlts(lines: readonly string[]): ModuleClock | undefined {
  const text = textField(fieldsOf(lines, '+QLTS', 'AT+QLTS'), 0, 'time', 'AT+QLTS');
  return text === '' ? undefined : parseClockText(text, 'AT+QLTS');
}

export async function readIccid(at: AtRunner): Promise<string | undefined> {
  return simRead(() => at.run('AT+QCCID').then((r) => parseIccid(r.lines)));
}

export async function readImsi(at: AtRunner): Promise<string | undefined> {
  return simRead(() => at.run('AT+CIMI').then((r) => parseImsi(r.lines)));
}

/** SIM reads: +CME ERROR 10 (not inserted) / 13 (failure) → undefined, anything else throws. */
async function simRead<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    const code = moduleErrorCode(error);
    if (code === 10 || code === 13) return undefined;
    throw error;
  }
}

export async function readServiceProvider(at: AtRunner): Promise<ServiceProvider | undefined> {
  try {
    return parseQspn((await at.run('AT+QSPN')).lines);
  } catch (error) {
    if (moduleErrorCode(error) === 30) return undefined;
    throw error;
  }
}

export async function readOperator(at: AtRunner): Promise<OperatorSelection> {
  return parseCopsRead((await at.run('AT+COPS?')).lines);
}

export async function readNetworkInfo(at: AtRunner): Promise<NetworkInfo> {
  return parseQnwinfo((await at.run('AT+QNWINFO')).lines);
}

export async function readServingCell(at: AtRunner): Promise<ServingCell> {
  return parseServingCell((await at.run('AT+QENG="servingcell"')).lines);
}

export async function readSignalDetail(at: AtRunner): Promise<SignalDetail> {
  return parseQcsq((await at.run('AT+QCSQ')).lines);
}

export async function readPdpDefinitions(at: AtRunner): Promise<PdpDefinition[]> {
  return parseCgdcont((await at.run('AT+CGDCONT?')).lines);
}

export async function readPdpAddresses(at: AtRunner): Promise<PdpAddress[]> {
  return parseCgpaddr((await at.run('AT+CGPADDR')).lines);
}

export async function readModuleClock(at: AtRunner): Promise<ModuleClock> {
  return parseCclk((await at.run('AT+CCLK?')).lines);
}

export async function readNetworkTime(at: AtRunner): Promise<ModuleClock | undefined> {
  return parseQlts((await at.run('AT+QLTS=2')).lines);
}
