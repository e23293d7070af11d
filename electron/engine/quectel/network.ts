/**
 * Data service and PDP contexts (docs/at-behaviour.md#qcds, #pdp-context): AT+QCDS with the spec's fallback,
 * AT+QICSGP, AT+QIACT, AT+QIDEACT and the +QIURC "pdpdeact" URC.
 */
import { invalidParameter, unexpectedResponse } from './errors.ts';
import { readRegistration, type Registration } from './info.ts';
import { isPlainError, moduleErrorCode } from './module-errors.ts';
import type { AtRunner } from './at-runner.ts';
import { allFields, buildCommand, fieldsOf, intField, optionalIntField, parseInfoLine, type Field } from './syntax.ts';
import { MODULE_CHOICES } from './module-choices.ts';

/** Command facts of this family (max response times from BG96-TCP). */
export const PDP_TIMEOUTS_MS = { activate: 150_000, deactivate: 40_000 } as const;

export interface QcdsStatus {
  /** Field 0 as printed: `SRV`, `LIMITED`, ... */
  status: string;
  /** Field 0 is exactly `MODULE_CHOICES.qcdsInServiceToken` (`SRV`; docs/uncertain-behaviour.md#qcds-status-tokens). */
  inService: boolean;
  radio: string | undefined;
  plmn: string | undefined;
  channel: number | undefined;
  cellId: string | undefined;
  serviceDomain: number | undefined;
  physicalCellId: number | undefined;
  tac: number | undefined;
  rssiDbm: number | undefined;
  rsrpDbm: number | undefined;
  rsrqDb: number | undefined;
  /** Every field as printed, for the report. */
  fields: string[];
}

const num = (fields: readonly Field[], index: number, what: string) => optionalIntField(fields, index, what, 'AT+QCDS');

/** AT+QCDS → `+QCDS: "SRV","CAT-M",45012,2500,13BD0B,R13,3,368,2058,…` (field names: docs/uncertain-behaviour.md#qcds-field-names). */
export function parseQcds(lines: readonly string[]): QcdsStatus {
  const fields = fieldsOf(lines, '+QCDS', 'AT+QCDS');
  const status = fields[0]?.text ?? '';
  if (status === '') throw unexpectedResponse('AT+QCDS', 'no service status field', lines.join(' | '));
  return {
    status,
    inService: status === MODULE_CHOICES.qcdsInServiceToken,
    radio: fields[1]?.text,
    plmn: fields[2]?.text,
    channel: num(fields, 3, 'channel'),
    cellId: fields[4]?.text,
    serviceDomain: num(fields, 6, 'service domain'),
    physicalCellId: num(fields, 7, 'PCI'),
    tac: num(fields, 8, 'TAC'),
    rssiDbm: num(fields, 9, 'RSSI'),
    rsrpDbm: num(fields, 10, 'RSRP'),
    rsrqDb: num(fields, 11, 'RSRQ'),
    fields: fields.map((field) => field.text),
  };
}

export interface PdpContextState {
  cid: number;
  /** 1 = activated. */
  state: number;
  contextType: number;
  ip: string | undefined;
}

/** AT+QIACT? → one `+QIACT: <cid>,<state>,<type>[,"<ip>"]` per active context; bare OK = none. */
export function parseQiact(lines: readonly string[]): PdpContextState[] {
  return allFields(lines, '+QIACT').map((fields) => ({
    cid: intField(fields, 0, 'cid', 'AT+QIACT?'),
    state: intField(fields, 1, 'state', 'AT+QIACT?'),
    contextType: intField(fields, 2, 'context type', 'AT+QIACT?'),
    ip: fields[3]?.text || undefined,
  }));
}

export interface PdpContextConfig {
  contextType: number;
  apn: string;
  user: string;
  password: string;
  /** 0 none, 1 PAP, 2 CHAP, 3 PAP or CHAP. */
  auth: number;
}

/** AT+QICSGP=<cid> → `+QICSGP: <type>,"<apn>","<user>","<pass>",<auth>` (cid not echoed). */
export function parseQicsgp(lines: readonly string[]): PdpContextConfig {
  const fields = fieldsOf(lines, '+QICSGP', 'AT+QICSGP');
  return {
    contextType: intField(fields, 0, 'context type', 'AT+QICSGP'),
    apn: fields[1]?.text ?? '',
    user: fields[2]?.text ?? '',
    password: fields[3]?.text ?? '',
    auth: optionalIntField(fields, 4, 'auth', 'AT+QICSGP') ?? 0,
  };
}

function checkCid(cid: number, command: string): void {
  if (!Number.isInteger(cid) || cid < 1 || cid > 16) throw invalidParameter('cid', 'must be an integer 1–16', command);
}

export async function readPdpContexts(at: AtRunner): Promise<PdpContextState[]> {
  return parseQiact((await at.run('AT+QIACT?')).lines);
}

export async function readPdpConfig(at: AtRunner, cid: number): Promise<PdpContextConfig> {
  checkCid(cid, 'AT+QICSGP');
  return parseQicsgp((await at.run(`AT+QICSGP=${cid}`)).lines);
}

export interface PdpConfigRequest {
  cid: number;
  /** 1 IPv4, 2 IPv6, 3 IPv4v6 (spec: 3). */
  contextType: 1 | 2 | 3;
  /** Omitted or empty: keep the APN (and credentials) the module already has (docs/uncertain-behaviour.md#qicsgp-form). */
  apn?: string;
  user?: string;
  password?: string;
  auth?: 0 | 1 | 2 | 3;
}

/** The AT+QICSGP write line for a complete configuration (documented form). */
export function buildQicsgp(cid: number, config: PdpContextConfig): string {
  checkCid(cid, 'AT+QICSGP');
  return buildCommand('AT+QICSGP', {
    cid,
    contextType: config.contextType,
    apn: config.apn,
    user: config.user,
    password: config.password,
    auth: config.auth,
  });
}

/** Configures a PDP context with the form `MODULE_CHOICES.qicsgpForm` chooses (docs/uncertain-behaviour.md#qicsgp-form). */
export async function configurePdpContext(at: AtRunner, request: PdpConfigRequest): Promise<PdpContextConfig> {
  checkCid(request.cid, 'AT+QICSGP');
  if (MODULE_CHOICES.qicsgpForm === 'seed') {
    await at.run(buildCommand('AT+QICSGP', { cid: request.cid, contextType: request.contextType }));
    return { contextType: request.contextType, apn: '', user: '', password: '', auth: 0 };
  }
  const current = request.apn ? undefined : await readPdpConfig(at, request.cid);
  const config: PdpContextConfig = {
    contextType: request.contextType,
    apn: request.apn || (current?.apn ?? ''),
    user: request.user ?? current?.user ?? '',
    password: request.password ?? current?.password ?? '',
    auth: request.auth ?? current?.auth ?? 0,
  };
  await at.run(buildQicsgp(request.cid, config));
  return config;
}

/** Activates `cid` unless AT+QIACT? already lists it (activating an active context gives ERROR). */
export async function activatePdpContext(at: AtRunner, cid: number): Promise<PdpContextState | undefined> {
  checkCid(cid, 'AT+QIACT');
  const active = (await readPdpContexts(at)).find((context) => context.cid === cid && context.state === 1);
  if (active) return active;
  await at.run({ command: `AT+QIACT=${cid}`, timeoutMs: PDP_TIMEOUTS_MS.activate });
  return (await readPdpContexts(at)).find((context) => context.cid === cid);
}

export async function deactivatePdpContext(at: AtRunner, cid: number): Promise<void> {
  checkCid(cid, 'AT+QIDEACT');
  await at.run({ command: `AT+QIDEACT=${cid}`, timeoutMs: PDP_TIMEOUTS_MS.deactivate });
}

/** `+QIURC: "pdpdeact",<cid>` → cid; undefined for any other +QIURC. */
export function parsePdpDeactivated(line: string): number | undefined {
  const parsed = parseInfoLine(line);
  if (parsed?.name !== '+QIURC' || parsed.fields[0]?.text !== 'pdpdeact') return undefined;
  return intField(parsed.fields, 1, 'cid', '+QIURC');
}

export type DataServiceCheck =
  | { method: 'qcds'; inService: boolean; details: QcdsStatus }
  | {
      method: 'fallback';
      inService: boolean;
      details: { registration: Registration; context: PdpContextState | undefined; qcdsError: string };
    };

/** True when a QCDS failure means "this firmware has no AT+QCDS" (docs/uncertain-behaviour.md#qcds-global-firmware). */
function isQcdsUnavailable(error: unknown): boolean {
  const code = moduleErrorCode(error);
  return isPlainError(error) || code === 3 || code === 4;
}

/**
 * Connect-sequence step 2: AT+QCDS, in service only on the exact `SRV` token. Firmware without
 * AT+QCDS falls back to registration (CEREG?, then CREG? when CEREG is not registered) plus an
 * active context `cid` in AT+QIACT?.
 */
export async function checkDataService(at: AtRunner, cid: number): Promise<DataServiceCheck> {
  checkCid(cid, 'AT+QIACT?');
  let qcdsError: string;
  try {
    const details = parseQcds((await at.run('AT+QCDS')).lines);
    return { method: 'qcds', inService: details.inService, details };
  } catch (error) {
    if (!isQcdsUnavailable(error)) throw error;
    qcdsError = error instanceof Error ? error.message : String(error);
  }
  let registration = await readRegistration(at, 'AT+CEREG?');
  if (!registration.registered) registration = await readRegistration(at, 'AT+CREG?');
  const context = (await readPdpContexts(at)).find((entry) => entry.cid === cid && entry.state === 1);
  return { method: 'fallback', inService: registration.registered && context !== undefined, details: { registration, context, qcdsError } };
}
