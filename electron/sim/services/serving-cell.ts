/**
 * The cell and the operator the virtual module camps on, and the SIM card in its holder: one
 * table so that every command that reports them agrees (AT+CSQ, +QCSQ, +QENG, +QNWINFO, +QSPN,
 * +COPS, +CREG/+CEREG locations, +QCCID, +CIMI). Radio values obey the LTE relation
 * RSRQ = 10·log10(N_RB) + RSRP − RSSI (10 MHz carrier, 50 resource blocks), and RSSI −65 dBm is
 * CSQ 24 (docs/at-behaviour.md#network-commands).
 */
export const SERVING_CELL = {
  operator: { long: 'KT', short: 'KT' },
  mcc: 450,
  mnc: '08',
  plmn: '45008',
  /** AcT 7 = E-UTRAN in +COPS/+CREG. */
  act: 7,
  duplex: 'FDD',
  tacHex: '2B0C',
  cellIdHex: '1A2D001',
  pci: 153,
  earfcn: 1550,
  band: 3,
  /** UL/DL bandwidth code 3 = 10 MHz. */
  bandwidthCode: 3,
  rssiDbm: -65,
  rsrpDbm: -92,
  rsrqDb: -10,
  sinrDb: 13,
  srxlev: 36,
} as const;

/** Other operators a manual scan (AT+COPS=?) finds: <stat> 1 available, 3 forbidden. */
export const OTHER_OPERATORS: ReadonlyArray<{ stat: number; long: string; short: string; plmn: string; act: number }> = [
  { stat: 3, long: 'SKTelecom', short: 'SKT', plmn: '45005', act: 7 },
  { stat: 3, long: 'LG U+', short: 'LG U+', plmn: '45006', act: 7 },
];

/** QCSQ/QENG-style SINR on the 0–250 scale (1/5 dB from −20 dB) for +QCSQ (docs/uncertain-behaviour.md#sinr-scale). */
export function sinrQcsqUnits(db: number): number {
  return Math.round((db + 20) * 5);
}

/** A digit string of `length` derived from `seed` (stable per IMEI). */
function digitsFrom(seed: string, length: number): string {
  let state = 0;
  for (const ch of seed) state = (state * 31 + ch.charCodeAt(0)) >>> 0;
  let out = '';
  for (let i = 0; i < length; i += 1) {
    state = (state * 1103515245 + 12345) >>> 0;
    out += String((state >>> 16) % 10);
  }
  return out;
}

function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) {
    const digit = Number(body[body.length - 1 - i]);
    const doubled = i % 2 === 0 ? digit * 2 : digit;
    sum += doubled > 9 ? doubled - 9 : doubled;
  }
  return String((10 - (sum % 10)) % 10);
}

export interface SimCard {
  /** 19 digits (issuer 89, country 82, Luhn check digit last); +QCCID pads it with `F`. */
  iccid: string;
  imsi: string;
  msisdn: string;
}

/** The SIM in a device: stable per IMEI. */
export function simCardFor(imei: string): SimCard {
  const body = `898230${digitsFrom(`iccid/${imei}`, 12)}`;
  return {
    iccid: `${body}${luhnDigit(body)}`,
    imsi: `${SERVING_CELL.plmn}${digitsFrom(`imsi/${imei}`, 10)}`,
    msisdn: `+8212${digitsFrom(`msisdn/${imei}`, 8)}`,
  };
}
