/**
 * Settings of the module that are not the line framing (writer.ts holds echo/verbose/quiet/CMEE):
 * the host UART (AT+IPR/ICF/IFC), character set, time-zone update, URC port and indications,
 * sleep mode. Which survive a reset follows docs/uncertain-behaviour.md#settings-persistence:
 * AT+QURCCFG and AT+CTZU are kept in NV (they survive reboots of this device object),
 * the UART ones come back from the profile stored with AT&W, the rest return to defaults.
 */

export interface UartSettings {
  /** AT+IPR: 0 = autobaud, else the fixed rate. */
  ipr: number;
  /** AT+ICF <format>,<parity>. */
  icf: { format: number; parity: number };
  /** AT+IFC <dce_by_dte>,<dte_by_dce>. */
  ifc: { dceByDte: number; dteByDce: number };
}

export const DEFAULT_UART: Readonly<UartSettings> = { ipr: 115200, icf: { format: 3, parity: 1 }, ifc: { dceByDte: 0, dteByDce: 0 } };

/** AT+IPR=? rates (BG96-ATC §2.x list; docs/at-behaviour.md#settings). */
export const IPR_RATES: readonly number[] = [4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600, 3000000, 3686400, 4000000];

/** AT+QINDCFG items with their default state (docs/at-behaviour.md#settings). */
export const QIND_ITEMS = ['all', 'csq', 'smsfull', 'ring', 'smsincoming'] as const;
export type QindItem = (typeof QIND_ITEMS)[number];

export const URC_PORTS = ['usbat', 'usbmodem', 'uart1'] as const;
export type UrcPort = (typeof URC_PORTS)[number];

/** AT+QCFG="band" masks as printed (hex text). */
export interface QcfgBand {
  gsm: string;
  lte: string;
  tds: string;
}

/** Volatile settings: back to these at every power-on. */
export interface VolatileSettings {
  cscs: 'GSM' | 'IRA' | 'UCS2';
  qsclk: 0 | 1;
  qind: Record<QindItem, 0 | 1>;
  /** AT+CGREG <n>. */
  cgregMode: number;
  /** AT+QSIMSTAT <enable>: report SIM insertion changes. */
  simDetectUrc: 0 | 1;
  /** AT+QCFG items this module keeps (nwscanmode, nwscanseq, band). */
  qcfg: { nwscanmode: number; nwscanseq: string; band: QcfgBand | undefined };
}

export function defaultVolatileSettings(): VolatileSettings {
  return {
    cscs: 'GSM',
    qsclk: 0,
    qind: { all: 1, csq: 0, smsfull: 0, ring: 0, smsincoming: 1 },
    cgregMode: 0,
    simDetectUrc: 0,
    qcfg: { nwscanmode: 0, nwscanseq: '04030201', band: undefined },
  };
}

/** Kept in NV: survive a reboot of the device object. */
export interface NvSettings {
  urcport: UrcPort;
  ctzu: 0 | 1 | 3;
}

export function defaultNvSettings(): NvSettings {
  return { urcport: 'usbat', ctzu: 0 };
}

/** What AT&W stores and ATZ / power-on restore. */
export interface StoredProfile {
  echo: boolean;
  verbose: boolean;
  quiet: boolean;
  ipr: number;
  icf: { format: number; parity: number };
  ifc: { dceByDte: number; dteByDce: number };
}

interface FramingSettings {
  echo: boolean;
  verbose: boolean;
  quiet: boolean;
  cmee: 0 | 1 | 2;
}

/** Factory defaults overlaid with the stored profile (if any), written into `modem` and `uart`. */
export function restoreProfile(modem: FramingSettings, defaults: Readonly<FramingSettings>, uart: UartSettings, stored: StoredProfile | undefined): void {
  Object.assign(modem, defaults);
  Object.assign(uart, structuredClone(DEFAULT_UART));
  if (!stored) return;
  Object.assign(modem, { echo: stored.echo, verbose: stored.verbose, quiet: stored.quiet });
  Object.assign(uart, { ipr: stored.ipr, icf: { ...stored.icf }, ifc: { ...stored.ifc } });
}

export function profileOf(modem: FramingSettings, uart: UartSettings): StoredProfile {
  return { echo: modem.echo, verbose: modem.verbose, quiet: modem.quiet, ipr: uart.ipr, icf: { ...uart.icf }, ifc: { ...uart.ifc } };
}
