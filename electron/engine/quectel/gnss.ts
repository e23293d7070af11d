/**
 * GNSS answers (docs/at-behaviour.md#gnss, #qgpsloc): `+QGPSLOC:` in <mode> 2 (signed decimal
 * degrees), which the engine asks for, and the GNSS `+CME ERROR` codes.
 */
import { unexpectedResponse } from './errors.ts';
import { fieldsOf, intField, textField } from './syntax.ts';

/** GNSS +CME ERROR codes (docs/at-behaviour.md#gnss-error-codes). */
export const GNSS_ERRORS = { sessionOngoing: 504, sessionNotActive: 505, notFixed: 516 } as const;

export interface GnssFix {
  /** ISO time of the fix (UTC). */
  time: string;
  latitude: number;
  longitude: number;
  hdop: number;
  altitudeM: number;
  /** 2 = 2D, 3 = 3D. */
  fix: number;
  satellites: number;
}

const C = 'AT+QGPSLOC=2';

function num(text: string, what: string): number {
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw unexpectedResponse(C, `${what} is not a number`, text);
  return Number(text);
}

/** `+QGPSLOC: <UTC>,<lat>,<lon>,<hdop>,<alt>,<fix>,<cog>,<spkm>,<spkn>,<date>,<nsat>` (mode 2). */
export function parseQgpsloc(lines: readonly string[]): GnssFix {
  const f = fieldsOf(lines, '+QGPSLOC', C);
  if (f.length !== 11) throw unexpectedResponse(C, 'expected 11 fields (mode 2)', lines.join(' | '));
  const utc = textField(f, 0, 'UTC', C);
  const date = textField(f, 9, 'date', C);
  const t = /^(\d{2})(\d{2})(\d{2})(\.\d+)?$/.exec(utc);
  const d = /^(\d{2})(\d{2})(\d{2})$/.exec(date);
  if (!t || !d) throw unexpectedResponse(C, 'bad UTC or date field', `${utc} ${date}`);
  const time = `20${d[3]}-${d[2]}-${d[1]}T${t[1]}:${t[2]}:${t[3]}${t[4] ?? ''}Z`;
  return {
    time,
    latitude: num(textField(f, 1, 'latitude', C), 'latitude'),
    longitude: num(textField(f, 2, 'longitude', C), 'longitude'),
    hdop: num(textField(f, 3, 'hdop', C), 'hdop'),
    altitudeM: num(textField(f, 4, 'altitude', C), 'altitude'),
    fix: intField(f, 5, 'fix', C),
    satellites: intField(f, 10, 'nsat', C),
  };
}
